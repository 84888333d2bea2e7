// Protocol v2's sender binding against a malicious relay (issue 15): a proxy between the Java client and a
// real node replays a frame, re-attributes another member's message to the reader's own memberId, drops a
// message for one member only, swaps two messages of one sender and re-times one by an hour. Each is
// rejected or flagged with its notice; history the server declared trimmed is "trimmed", not "missing".
package dev.vanish.client.integrity;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.client.Notice;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MaliciousRelayTest extends ClientTestBase {

  static final int HISTORY_LIMIT = 5;
  static final Duration WAIT = Duration.ofSeconds(10);

  private MaliciousRelay relay;

  @Override
  protected ServerConfig config() {
    return TestNode.testConfig().withLimits(1, HISTORY_LIMIT, 2);
  }

  @BeforeAll
  void startRelay() throws Exception {
    relay = new MaliciousRelay(node.base());
  }

  @AfterAll
  void stopRelay() {
    if (relay != null) relay.close();
  }

  @BeforeEach
  void honest() {
    relay.tamper(MaliciousRelay.HONEST);
  }

  private Link viaRelay(Link link) {
    return new Link(relay.base(), link.roomId(), link.key());
  }

  private static boolean isMessage(JsonObject f) {
    return "message".equals(f.getString("type"));
  }

  private static ChatMessage next(BlockingRoom room) {
    return room.next(WAIT).orElseThrow(() -> new AssertionError("no message within " + WAIT));
  }

  /** Waits until the room has had at least n notices (or the time is up), then returns them all. */
  private static List<Notice> notices(BlockingRoom room, int n) throws InterruptedException {
    List<Notice> got = new ArrayList<>();
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    while (got.size() < n && System.currentTimeMillis() < deadline) {
      got.addAll(room.drainNotices());
      Thread.sleep(20);
    }
    got.addAll(room.drainNotices());
    return got;
  }

  @Test
  void aFrameReplayedUnderAFreshIdIsNotShownTwiceAndIsReportedReplayed() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(viaRelay(link), "bob")) {
      // The relay delivers Alice's first message, then the same frame again under the next id (and shifts the
      // ids after it, so nothing else looks repeated).
      relay.tamper((s, f) -> {
        if (!isMessage(f)) return List.of(f);
        long shift = (long) s.state.getOrDefault("shift", 0L);
        JsonObject real = f.copy().put("id", Long.toString(Long.parseLong(f.getString("id")) + shift));
        if (s.state.putIfAbsent("replayed", true) != null) return List.of(real);
        s.state.put("shift", shift + 1);
        return List.of(real, real.copy().put("id", Long.toString(Long.parseLong(real.getString("id")) + 1)));
      });
      alice.send("one");
      alice.send("two");
      assertThat(next(bob).text()).isEqualTo("one");
      ChatMessage second = next(bob);
      assertThat(second.text()).isEqualTo("two");
      assertThat(bob.next(Duration.ofMillis(300))).isEmpty();
      assertThat(notices(bob, 1)).containsExactly(Notice.replayed("2", alice.session().memberId(), 1));
    }
  }

  @Test
  void anotherMembersMessageReattributedToTheReadersOwnIdIsNotShownAsTheirsButReportedMisattributed() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(viaRelay(link), "bob")) {
      String bobId = bob.session().memberId();
      relay.tamper((s, f) -> List.of(isMessage(f) && !f.getString("memberId").equals(s.memberId)
          ? f.copy().put("memberId", s.memberId).put("ts", f.getLong("ts") + 3_600_000) : f));
      String id = alice.send("I transfer the car to Bob").id();
      Optional<ChatMessage> shown = bob.next(Duration.ofSeconds(2));
      assertThat(shown).as("v1 showed it as \"YOU: I transfer the car to Bob\"").isEmpty();
      assertThat(notices(bob, 1)).containsExactly(Notice.misattributed(id, bobId, alice.session().memberId()));
      // Bob's own messages still show as his
      relay.tamper(MaliciousRelay.HONEST);
      bob.send("mine");
      ChatMessage own = next(bob);
      assertThat(own.mine()).isTrue();
      assertThat(own.text()).isEqualTo("mine");
    }
  }

  @Test
  void aMessageDroppedForOneMemberIsReportedMissingToThatMemberOnly() throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(viaRelay(link), "bob");
         BlockingRoom carol = vanish.join(viaRelay(link), "carol")) {
      String aliceId = alice.session().memberId();
      String bobId = bob.session().memberId();
      relay.tamper((s, f) -> {
        if (!isMessage(f) || !bobId.equals(s.memberId) || !aliceId.equals(f.getString("memberId"))) return List.of(f);
        int n = (int) s.state.merge("fromAlice", 1, (a, b) -> (int) a + (int) b);
        return n == 2 ? List.of() : List.of(f);
      });
      alice.send("one");
      alice.send("two");
      alice.send("three");
      assertThat(List.of(next(bob).text(), next(bob).text())).containsExactly("one", "three");
      assertThat(notices(bob, 1)).containsExactly(Notice.missing(aliceId, 2, 2));
      assertThat(List.of(next(carol).text(), next(carol).text(), next(carol).text())).containsExactly("one", "two", "three");
      assertThat(carol.drainNotices()).isEmpty();
    }
  }

  @Test
  void twoMessagesOfOneSenderSwappedAreShownAndTheLateOneMarkedReordered() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(viaRelay(link), "bob")) {
      String aliceId = alice.session().memberId();
      // Ids must keep increasing (a client drops an id it already passed), so the relay swaps the bodies.
      relay.tamper((s, f) -> {
        if (!isMessage(f) || s.state.containsKey("done")) return List.of(f);
        JsonObject held = (JsonObject) s.state.remove("held");
        if (held == null) {
          s.state.put("held", f);
          return List.of();
        }
        s.state.put("done", true);
        return List.of(held.copy().put("body", f.getString("body")), f.copy().put("body", held.getString("body")));
      });
      String firstId = alice.send("first").id();
      next(alice); // her own echo: "second" is sealed having seen "first" (seen = its id)
      String secondId = alice.send("second").id();
      ChatMessage a = next(bob);
      ChatMessage b = next(bob);
      // "second" under the first id: its seq skipped 1, and it claims to have seen the very id it arrives at
      assertThat(a.text()).isEqualTo("second");
      assertThat(a.reordered()).isTrue();
      // "first" under the second id: a lower seq than one already seen
      assertThat(b.text()).isEqualTo("first");
      assertThat(b.reordered()).isTrue();
      assertThat(notices(bob, 3)).containsExactly(Notice.missing(aliceId, 1, 1), Notice.reordered(firstId, aliceId, 2),
          Notice.reordered(secondId, aliceId, 1));
    }
  }

  @Test
  void aMessageRetimedByAnHourIsShownMarkedSkew() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(viaRelay(link), "bob")) {
      relay.tamper((s, f) -> List.of(isMessage(f) ? f.copy().put("ts", f.getLong("ts") + 3_600_000) : f));
      String id = alice.send("see you at noon").id();
      ChatMessage m = next(bob);
      assertThat(m.text()).isEqualTo("see you at noon");
      assertThat(m.skew()).isTrue();
      assertThat(m.ts() - m.sentAt()).isBetween(3_590_000L, 3_610_000L);
      List<Notice> notices = notices(bob, 1);
      assertThat(notices).hasSize(1);
      assertThat(notices.get(0).code()).isEqualTo(Notice.Code.SKEW);
      assertThat(notices.get(0).id()).isEqualTo(id);
      assertThat(notices.get(0).skewMs()).isBetween(3_590_000L, 3_610_000L);
    }
  }

  @Test
  void historyTheServerDeclaredTrimmedIsReportedTrimmedNotMissing() throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    String aliceId;
    try (BlockingRoom alice = vanish.join(link, "alice")) {
      aliceId = alice.session().memberId();
      for (int i = 1; i <= HISTORY_LIMIT + 3; i++) alice.sendPaced("m" + i, 20);
      try (BlockingRoom bob = vanish.join(link, "bob")) {
        for (int i = 4; i <= HISTORY_LIMIT + 3; i++) assertThat(next(bob).text()).isEqualTo("m" + i);
        assertThat(notices(bob, 1)).containsExactly(Notice.trimmed(aliceId, 1, 3));
      }
      // The same history through a relay that hides the server's declaration: the gap is the server's doing.
      relay.tamper((s, f) -> {
        if ("welcome".equals(f.getString("type"))) {
          JsonObject w = f.copy();
          w.remove("trimmedThrough");
          return List.of(w);
        }
        return List.of(f);
      });
      try (BlockingRoom carol = vanish.join(viaRelay(link), "carol")) {
        for (int i = 4; i <= HISTORY_LIMIT + 3; i++) assertThat(next(carol).text()).isEqualTo("m" + i);
        assertThat(notices(carol, 1)).containsExactly(Notice.missing(aliceId, 1, 3));
      }
    }
  }
}
