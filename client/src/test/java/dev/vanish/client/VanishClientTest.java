// The client library against a real node (memory engine): create, join, send and receive between two
// clients, history replay, typed errors (room full, not found, wrong key, unreachable, rate limited),
// destroy, leave, expiry, typing and undecryptable bodies.
package dev.vanish.client;

import dev.vanish.client.crypto.RoomKey;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VanishClientTest extends NodeTestBase {

  private BlockingVanish vanish;
  private VanishClient async;

  @BeforeAll
  void openClient() {
    vanish = BlockingVanish.open();
    async = vanish.async();
  }

  @AfterAll
  void closeClient() {
    vanish.close();
  }

  private RoomSession join(Link link, String name, Recorder r) {
    return BlockingVanish.await(async.join(link, name, r));
  }

  @Test
  void twoClientsChatEndToEnd() {
    Link link = vanish.create(node.base(), null, 3);
    assertThat(link.format()).matches("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}");
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    RoomSession alice = join(link, "alice", ra);
    RoomSession bob = join(Link.parse(link.format()), "bob", rb);
    assertThat(alice.state()).isEqualTo(ConnectionState.CONNECTED);
    Recorder.eventually("both online", Duration.ofSeconds(5), () -> ra.online() == 2 && rb.online() == 2);

    Ack ack = BlockingVanish.await(alice.send("hello bob"));
    ChatMessage atBob = rb.next();
    assertThat(atBob).isEqualTo(new ChatMessage(ack.id(), ack.ts(), alice.memberId(), "alice", "hello bob", false,
        atBob.sentAt(), false, false));
    assertThat(atBob.sentAt()).isBetween(ack.ts() - 5_000, ack.ts()); // the sender's clock, sealed before the ack
    assertThat(ra.next()).isEqualTo(new ChatMessage(ack.id(), ack.ts(), alice.memberId(), "alice", "hello bob", true,
        atBob.sentAt(), false, false));
    assertThat(ra.undecryptable).isEmpty();
    BlockingVanish.await(bob.send("hi alice ✓\nsecond line"));
    assertThat(ra.next()).extracting(ChatMessage::name, ChatMessage::text, ChatMessage::mine)
        .containsExactly("bob", "hi alice ✓\nsecond line", false);

    // The server holds only ciphertext, which the server's own test crypto (another implementation) opens.
    Api.Member raw = api.join(new Api.Room(link.roomId(), TestCrypto.unb64(link.key()), 0, 3));
    JsonObject stored = api.get("/api/v1/rooms/" + link.roomId() + "/messages", raw.token()).json()
        .getJsonArray("messages").getJsonObject(0);
    assertThat(stored.getString("body")).doesNotContain("hello");
    JsonObject plain = new JsonObject(TestCrypto.decrypt(raw.key(), link.roomId(), stored.getString("body")));
    assertThat(plain.getString("name")).isEqualTo("alice");
    assertThat(plain.getString("text")).isEqualTo("hello bob");
    assertThat(plain.getInteger("v")).isEqualTo(2);
    assertThat(plain.getString("memberId")).isEqualTo(alice.memberId()); // bound to its sender's seat
    assertThat(plain.getLong("seq")).isEqualTo(1);
    assertThat(alice.lastMessageId()).isEqualTo(bob.lastMessageId());
  }

  @Test
  void sessionsJoinedFromOneThreadSpreadOverEventLoops() {
    Link link = vanish.create(node.base(), null, 3);
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    join(link, "one", r1);
    join(link, "two", r2);
    assertThat(r1.thread).startsWith("vert.x-eventloop");
    assertThat(r2.thread).startsWith("vert.x-eventloop").isNotEqualTo(r1.thread);
  }

  @Test
  void historyIsReplayedInOrderOnJoin() {
    Link link = vanish.create(node.base(), null, null);
    vanish.send(link, "early", "one");
    vanish.send(link, "early", "two");
    vanish.send(link, "early", "three");
    Recorder r = new Recorder();
    join(link, "late", r);
    assertThat(r.texts(3)).containsExactly("one", "two", "three");
    assertThat(r.all).allSatisfy(m -> assertThat(m.mine()).isFalse());
  }

  @Test
  void aFullRoomIsATypedError() {
    Link link = vanish.create(node.base(), null, 2);
    join(link, "a", new Recorder());
    join(link, "b", new Recorder());
    assertCode(() -> join(link, "c", new Recorder()), VanishException.Code.ROOM_FULL, "room full");
    assertCode(() -> vanish.send(link, "c", "hi"), VanishException.Code.ROOM_FULL, "room full");
  }

  @Test
  void anUnknownRoomIsATypedError() {
    Link link = new Link(node.base(), "AAAAAAAAAAAAAAAAAAAAAA", RoomKey.generate().encoded());
    assertCode(() -> join(link, "x", new Recorder()), VanishException.Code.ROOM_NOT_FOUND, "room not found");
  }

  @Test
  void aWrongKeyIsRefusedClearly() {
    Link link = vanish.create(node.base(), null, null);
    Link wrong = new Link(link.origin(), link.roomId(), RoomKey.generate().encoded());
    // Like a missing room: the server does not tell a wrong key from a dead room, so neither does the client.
    assertCode(() -> join(wrong, "x", new Recorder()), VanishException.Code.ROOM_NOT_FOUND, "link is wrong");
    assertCode(() -> vanish.send(wrong, "x", "hi"), VanishException.Code.ROOM_NOT_FOUND, "link is wrong");
  }

  @Test
  void anUnreachableServerIsATypedError() {
    assertCode(() -> vanish.create("http://127.0.0.1:1", null, null), VanishException.Code.UNREACHABLE, "cannot reach the server");
    assertCode(() -> vanish.create("ftp://x", null, null), VanishException.Code.BAD_LINK, "http");
  }

  @Test
  void invalidSettingsAreRefusedWithTheServersReason() {
    assertCode(() -> vanish.create(node.base(), null, 500), VanishException.Code.INVALID_REQUEST, "capacity");
  }

  @Test
  void destroyEndsEverySessionAndTheRoom() {
    Link link = vanish.create(node.base(), null, null);
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    RoomSession alice = join(link, "alice", ra);
    RoomSession bob = join(link, "bob", rb);
    BlockingVanish.await(alice.destroy());
    assertThat(BlockingVanish.await(bob.ended())).isEqualTo(EndReason.DESTROYED);
    assertThat(BlockingVanish.await(alice.ended())).isEqualTo(EndReason.DESTROYED);
    assertThat(rb.ended).containsExactly(EndReason.DESTROYED);
    assertThat(bob.state()).isEqualTo(ConnectionState.CLOSED);
    assertCode(() -> BlockingVanish.await(bob.send("too late")), VanishException.Code.ROOM_ENDED, "ended");
    assertCode(() -> join(link, "c", new Recorder()), VanishException.Code.ROOM_NOT_FOUND, "room not found");
  }

  @Test
  void leaveFreesTheSeat() {
    Link link = vanish.create(node.base(), null, 2);
    Recorder ra = new Recorder();
    join(link, "alice", ra);
    RoomSession bob = join(link, "bob", new Recorder());
    BlockingVanish.await(bob.leave());
    assertThat(BlockingVanish.await(bob.ended())).isEqualTo(EndReason.LEFT);
    Recorder.eventually("one member left", Duration.ofSeconds(5), () -> ra.members.size() == 1);
    join(link, "carol", new Recorder());
    assertThat(ra.errors).isEmpty();
  }

  @Test
  void expiryEndsTheSession() {
    Link link = vanish.create(node.base(), 2, null);
    Recorder r = new Recorder();
    RoomSession s = join(link, "a", r);
    assertThat(BlockingVanish.await(s.ended(), Duration.ofSeconds(8))).isEqualTo(EndReason.EXPIRED);
    assertThat(r.ended).containsExactly(EndReason.EXPIRED);
    assertThat(r.states).endsWith(ConnectionState.CLOSED);
  }

  @Test
  void typingReachesTheOthers() {
    Link link = vanish.create(node.base(), null, null);
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    RoomSession alice = join(link, "alice", ra);
    join(link, "bob", rb);
    alice.typing();
    try {
      assertThat(rb.typing.poll(5, TimeUnit.SECONDS)).isEqualTo(alice.memberId());
      assertThat(ra.typing.poll(300, TimeUnit.MILLISECONDS)).isNull();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aBodyUnderAnotherKeyIsReportedNotShown() {
    Link link = vanish.create(node.base(), null, 3);
    Recorder r = new Recorder();
    join(link, "a", r);
    Api.Member intruder = api.join(new Api.Room(link.roomId(), TestCrypto.unb64(link.key()), 0, 3));
    String body = TestCrypto.encrypt(TestCrypto.newRoomKey(), link.roomId(), TestCrypto.plaintext("x", "garbage"));
    api.post("/api/v1/rooms/" + link.roomId() + "/messages", intruder.token(), new JsonObject().put("body", body));
    Recorder.eventually("undecryptable reported", Duration.ofSeconds(5), () -> r.undecryptable.size() == 1);
    assertThat(r.all).isEmpty();
  }

  @Test
  void sendingTooFastIsRateLimitedWithARetryDelay() {
    Link link = vanish.create(node.base(), null, null);
    RoomSession s = join(link, "spammer", new Recorder());
    List<Future<Ack>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) sends.add(s.send("m" + i));
    List<VanishException> limited = new ArrayList<>();
    int ok = 0;
    for (Future<Ack> f : sends) {
      try {
        BlockingVanish.await(f);
        ok++;
      } catch (VanishException e) {
        limited.add(e);
      }
    }
    assertThat(ok).isGreaterThanOrEqualTo(20);
    assertThat(limited).isNotEmpty().allSatisfy(e -> {
      assertThat(e.code()).isEqualTo(VanishException.Code.RATE_LIMITED);
      assertThat(e.retryAfter()).isPresent();
    });
  }

  @Test
  void aMessageOverTheLimitIsRefusedLocally() {
    Link link = vanish.create(node.base(), null, null);
    RoomSession s = join(link, "big", new Recorder());
    assertCode(() -> BlockingVanish.await(s.send("x".repeat(30_000))), VanishException.Code.PAYLOAD_TOO_LARGE, "too long");
    assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  static void assertCode(Runnable call, VanishException.Code code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(VanishException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void sendsTheServerRefusedAndThatAreRetriedLeaveNoGapTheOthersWouldReport() {
    Link link = vanish.create(node.base(), null, 2);
    Recorder rb = new Recorder();
    RoomSession alice = join(link, "alice", new Recorder());
    join(link, "bob", rb);
    // 30 at once against the per-member limit (bursts of 20): the last ones are refused, so not stored
    List<Future<Ack>> sends = new ArrayList<>();
    for (int i = 1; i <= 30; i++) sends.add(alice.send("m" + i));
    List<Integer> refused = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      try {
        BlockingVanish.await(sends.get(i));
      } catch (VanishException e) {
        assertThat(e.code()).isEqualTo(VanishException.Code.RATE_LIMITED);
        refused.add(i + 1);
      }
    }
    assertThat(refused).isNotEmpty();
    org.junit.jupiter.api.Assumptions.assumeTrue(refused.get(refused.size() - 1) - refused.get(0) == refused.size() - 1
        && refused.get(refused.size() - 1) == 30, "the refused sends are the last ones (no token refilled meanwhile)");
    for (int n : refused) {
      while (true) {
        try {
          BlockingVanish.await(alice.send("m" + n));
          break;
        } catch (VanishException e) {
          if (e.code() != VanishException.Code.RATE_LIMITED) throw e;
          sleep(e.retryAfter().orElse(Duration.ofMillis(200)).toMillis());
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 30; i++) expected.add("m" + i);
    assertThat(rb.texts(30)).containsExactlyElementsOf(expected);
    assertThat(rb.notices).as("their seqs were given out again: no gap").isEmpty();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
