package dev.vanish.server.realtime;

import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: with HTTP history reads rate-limited, read the history through the socket instead — reconnect in a
 * loop with {@code after} 0, and every hello replays the whole history. Now the hello's replay pages count in
 * the member's VANISH_RATE_HISTORY bucket with its HTTP pages, and past the rate the replay waits for the next
 * token: the history still arrives whole, once and in order, at the rate's pace.
 */
class ReplayRateTest {

  private static final int MESSAGES = 350; // four replay pages of 100

  @Test
  void aHelloReplayIsPacedByTheMembersHistoryRate() {
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 2);
    // Bursts of 2 pages, then one page every 2 s; no per-member message rate, so the room fills quickly.
    c = c.withHardening(c.hardening().withRates(Rate.OFF, Rate.OFF, Rate.OFF, c.hardening().typing())
        .withHistoryRate(new Rate(2, 4_000)));
    try (TestNode node = TestNode.start(c)) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      Api.Member writer = api.join(room);
      Api.Member reader = api.join(room);
      for (int i = 0; i < MESSAGES; i++) {
        Api.Reply r = api.post("/api/v1/rooms/" + room.roomId() + "/messages", writer.token(), new JsonObject().put("body", "AAAA"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
      }
      try (TestSocket s = TestSocket.joined(node.base(), reader, null)) {
        // The burst: two pages at once, then nothing more for a while.
        Eventually.until("the burst of two pages", Duration.ofSeconds(5), () -> messages(s).size(), n -> n >= 200);
        assertThat(s.poll("message", 1_000)).as("a third page within a second of the burst").isNull();
        assertThat(messages(s)).hasSize(200);
        // The same member's HTTP read shares the bucket: refused meanwhile.
        assertThat(api.get("/api/v1/rooms/" + room.roomId() + "/messages", reader.token()).status()).isEqualTo(429);
        // The rest at the rate's pace: everything, once, in order.
        Eventually.until("the whole history", Duration.ofSeconds(15), () -> messages(s).size(), n -> n >= MESSAGES);
        assertThat(s.poll("message", 500)).isNull();
        List<Long> ids = messages(s).stream().map(m -> Long.parseLong(m.getString("id"))).toList();
        assertThat(ids).hasSize(MESSAGES).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(0)).isEqualTo(1L);
        assertThat(s.isClosed()).isFalse();
      }
    }
  }

  /** The message frames the socket has delivered so far (reads what arrived meanwhile). */
  private static List<JsonObject> messages(TestSocket s) {
    while (s.poll("message", 50) != null) { }
    return s.seen().stream().filter(f -> "message".equals(f.getString("type"))).toList();
  }
}
