// Someone who can write to Redis, against two real pages (the attacks of ForgedRedisFrameTest, on the page's
// integrity.js instead of the Java client's): a live frame forged under Bob's memberId with Alice's ciphertext
// and a timestamp an hour ahead, a verbatim re-publish of Alice's frame, and a stored history edited before Bob
// opens the link — a message deleted, two messages' bodies swapped, a timestamp moved an hour. Bob's page must
// show each for what it is (a notice in the list, or a mark on the message), never as a plain message. And the
// control: a history the server honestly trimmed to its limit is said to be trimmed, not missing.
package dev.vanish.server.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ForgedRedisFramesPageTest extends BrowserTestBase {

  @Override
  protected boolean useRedis() {
    return true;
  }

  /** A room's Redis key, as the Redis engine names them (RoomKeys): "log" is the history, "ch" the channel. */
  private String key(String roomId, String suffix) {
    return node.config.redisPrefix() + ":{" + roomId + "}:" + suffix;
  }

  private static String roomIdOf(String link) {
    return link.replaceAll(".*/r/([^#]+)#.*", "$1");
  }

  /** What a Redis writer reads: the room's stored frames, ciphertext included, oldest first. */
  @SuppressWarnings("unchecked")
  private List<String> log(RespClient resp, String roomId) {
    return (List<String>) (List<?>) resp.call("LRANGE", key(roomId, "log"), "0", "-1");
  }

  /** Publishes an event envelope (Envelope: "kind|memberId|messageId\n frame") both ways a node may subscribe. */
  private void publish(RespClient resp, String roomId, String memberId, long messageId, JsonObject frame) {
    String payload = "m|" + memberId + "|" + messageId + "\n" + frame.encode();
    for (String command : List.of("SPUBLISH", "PUBLISH")) {
      try {
        resp.call(command, key(roomId, "ch"), payload);
      } catch (RespClient.RedisError unknownOnRedis6) {
        // classic pub/sub only
      }
    }
  }

  /** Sends each text from the page and waits until all of them are stored. */
  private List<String> sendAndStore(Page page, RespClient resp, String roomId, String... texts) {
    for (String t : texts) {
      send(page, t);
      assertThat(messageWithText(page, t)).not().hasClass(Pattern.compile("\\bpending\\b"));
    }
    return Eventually.until("the messages stored", Duration.ofSeconds(5), () -> log(resp, roomId), l -> l.size() == texts.length);
  }

  /** Everything in a page's message list, messages and notices alike, in the order shown. */
  private static Locator entries(Page page) {
    return page.locator("ol.msgs > li");
  }

  private static Locator notice(Page page, String code) {
    return page.locator("[data-testid=notice][data-notice=" + code + "]");
  }

  private static Locator textsOf(Page page) {
    return page.locator("ol.msgs > li [data-testid=message-text], ol.msgs > li[data-testid=notice]");
  }

  /** The room's two seats as a Redis writer reads them (the page keeps its own seat encrypted): the one not given. */
  @SuppressWarnings("unchecked")
  private List<String> seatIds(RespClient resp, String roomId) {
    return (List<String>) (List<?>) resp.call("HKEYS", key(roomId, "seats"));
  }

  private void shoot(Page page, String name) {
    page.setViewportSize(390, 844);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-390x844.png")));
    page.setViewportSize(1280, 800);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-1280x800.png")));
  }

  @Test
  void aFrameForgedInRedisUnderBobsIdIsNotShownAsHisAndAVerbatimRepublishOfAlicesIsNotShownTwice() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    String roomId = roomIdOf(chat.link());
    try (RespClient resp = redis.client()) {
      List<String> stored = sendAndStore(alice, resp, roomId, "I transfer the car to Bob");
      assertThat(messageWithText(bob, "I transfer the car to Bob").getByTestId("message-sender")).hasText("alice");
      // Notices name a seat with its tag, as its messages show it.
      String aliceSeat = "alice " + messageWithText(bob, "I transfer the car to Bob").getByTestId("seat-tag").textContent();
      assertThat(aliceSeat).matches("alice [a-km-z2-9]{4}");
      JsonObject real = new JsonObject(stored.get(0));
      String aliceId = real.getString("memberId");
      // A Redis writer finds Bob's id in the room's seats: the one that is not the author of alice's message.
      List<String> seats = seatIds(resp, roomId);
      assertThat(seats).hasSize(2).contains(aliceId);
      String bobId = seats.stream().filter(id -> !id.equals(aliceId)).findFirst().orElseThrow();
      assertThat(aliceId).isNotEqualTo(bobId);

      long forgedId = Long.parseLong(real.getString("id")) + 1;
      JsonObject forged = real.copy().put("id", Long.toString(forgedId)).put("memberId", bobId)
          .put("ts", real.getLong("ts") + 3_600_000);
      publish(resp, roomId, bobId, forgedId, forged);
      // It arrived (as a message or as a notice, whichever the page made of it) ...
      assertThat(entries(bob)).hasCount(2);
      // ... and v1 showed it as "YOU: I transfer the car to Bob".
      assertThat(bob.locator("[data-testid=message].mine")).hasCount(0);
      assertThat(byTestId(bob, "message-sender").getByText("YOU")).hasCount(0);
      assertThat(messageWithText(bob, "I transfer the car to Bob")).hasCount(1);
      assertThat(notice(bob, "misattributed"))
          .hasText("Not shown: a message from " + aliceSeat + " was delivered as if you had sent it.");
      // Alice's page was handed the same frame: her own words under Bob's seat.
      assertThat(notice(alice, "misattributed")).containsText("a message from you was delivered as if seat ");

      long replayId = forgedId + 1;
      publish(resp, roomId, aliceId, replayId, real.copy().put("id", Long.toString(replayId)));
      assertThat(entries(bob)).hasCount(3);
      assertThat(messageWithText(bob, "I transfer the car to Bob")).hasCount(1);
      assertThat(byTestId(bob, "message")).hasCount(1);
      assertThat(notice(bob, "replayed")).hasText("Not shown: a repeat of an earlier message from " + aliceSeat + ".");
      assertThat(textsOf(bob)).hasText(new String[] {"I transfer the car to Bob",
          "Not shown: a message from " + aliceSeat + " was delivered as if you had sent it.",
          "Not shown: a repeat of an earlier message from " + aliceSeat + "."});
      shoot(bob, "room-forged-frames");
    }
  }

  @Test
  void aMessageDeletedFromTheRedisLogIsReportedWhereItWasMissing() {
    Page alice = newPage();
    String link = createFromLobby(alice, "alice");
    String roomId = roomIdOf(link);
    try (RespClient resp = redis.client()) {
      List<String> stored = sendAndStore(alice, resp, roomId, "one", "two", "three");
      assertThat(resp.call("LREM", key(roomId, "log"), "1", stored.get(1))).isEqualTo(1L);

      Page bob = newPage();
      openAndJoin(bob, link);
      waitConnected(bob);
      assertThat(entries(bob)).hasCount(3);
      // The notice names the author with its seat's tag, as every message of that seat shows it.
      String aliceTag = messageWithText(bob, "one").getByTestId("seat-tag").textContent();
      assertThat(aliceTag).matches("[a-km-z2-9]{4}");
      assertThat(textsOf(bob)).hasText(new String[] {"one", "A message from alice " + aliceTag + " did not arrive.", "three"});
      assertThat(notice(bob, "missing")).hasCount(1);
      assertThat(messageWithText(bob, "two")).hasCount(0);
      shoot(bob, "room-missing-message");
    }
  }

  @Test
  void twoMessagesSwappedInTheRedisLogAreBothShownMarkedOutOfOrder() {
    Page alice = newPage();
    String link = createFromLobby(alice, "alice");
    String roomId = roomIdOf(link);
    try (RespClient resp = redis.client()) {
      List<String> stored = sendAndStore(alice, resp, roomId, "first", "second", "third");
      JsonObject second = new JsonObject(stored.get(1)), third = new JsonObject(stored.get(2));
      String body2 = second.getString("body");
      resp.call("LSET", key(roomId, "log"), "1", second.put("body", third.getString("body")).encode());
      resp.call("LSET", key(roomId, "log"), "2", third.put("body", body2).encode());

      Page bob = newPage();
      openAndJoin(bob, link);
      waitConnected(bob);
      assertThat(byTestId(bob, "message")).hasCount(3);
      // In the server's order; the gap "second" seemed to leave was filled when it came, so no notice stays.
      assertThat(textsOf(bob)).hasText(new String[] {"first", "third", "second"});
      assertThat(byTestId(bob, "notice")).hasCount(0);
      assertThat(messageWithText(bob, "second").locator("[data-notice=reordered]")).hasText("arrived out of order");
      // "third" moved up: it says it has seen the message now stored after it, which no sender can.
      assertThat(messageWithText(bob, "third").locator("[data-notice=reordered]")).hasText("arrived out of order");
      assertThat(messageWithText(bob, "first").locator("[data-notice]")).hasCount(0);
    }
  }

  @Test
  void aTimestampMovedAnHourInTheRedisLogIsShownWithTheSendersOwnClock() {
    Page alice = newPage();
    String link = createFromLobby(alice, "alice");
    String roomId = roomIdOf(link);
    try (RespClient resp = redis.client()) {
      List<String> stored = sendAndStore(alice, resp, roomId, "on time", "an hour late?");
      JsonObject moved = new JsonObject(stored.get(1));
      resp.call("LSET", key(roomId, "log"), "1", moved.put("ts", moved.getLong("ts") + 3_600_000).encode());

      Page bob = newPage();
      openAndJoin(bob, link);
      waitConnected(bob);
      assertThat(byTestId(bob, "message")).hasCount(2);
      assertThat(messageWithText(bob, "an hour late?").locator("[data-notice=skew]"))
          .hasText(Pattern.compile("^sent at \\d\\d:\\d\\d by its sender's clock \\(60 min off\\)$"));
      assertThat(messageWithText(bob, "on time").locator("[data-notice]")).hasCount(0);
      shoot(bob, "room-skewed-message");
    }
  }

  @Test
  void aHistoryTheServerTrimmedToItsLimitSaysOlderMessagesWereDroppedNotThatTheyDidNotArrive() {
    Api.Room room = api.createRoom(600, 4);
    List<Api.Member> writers = List.of(api.join(room), api.join(room), api.join(room));
    // 54 messages, round robin, against the tests' history limit of 50: A1, B1, C1 and A2 are dropped.
    for (int seq = 1; seq <= 18; seq++) {
      for (int w = 0; w < writers.size(); w++) {
        Api.Member m = writers.get(w);
        String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext(m.memberId(), seq, "writer-" + w, w + "#" + seq));
        Api.Reply r = api.post("/api/v1/rooms/" + room.roomId() + "/messages", m.token(), new JsonObject().put("body", body));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
      }
    }
    Page bob = newPage();
    openAndJoin(bob, linkFor(room));
    waitConnected(bob);
    assertThat(byTestId(bob, "message")).hasCount(50);
    // Each writer's first kept message follows a gap the server declared (trimmedThrough): one notice each.
    assertThat(notice(bob, "trimmed")).hasText(new String[] {"Older messages were dropped: the room keeps only its latest ones.",
        "Older messages were dropped: the room keeps only its latest ones.", "Older messages were dropped: the room keeps only its latest ones."});
    assertThat(notice(bob, "missing")).hasCount(0);
    assertThat(byTestId(bob, "message-text").first()).hasText("1#2");
  }
}
