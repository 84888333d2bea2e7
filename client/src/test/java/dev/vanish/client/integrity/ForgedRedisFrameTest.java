// Someone who can write to Redis (issue 15's attack): they publish, on the room's channel, a frame carrying
// Bob's memberId, a timestamp an hour ahead and Alice's ciphertext. On v1 Bob's client showed it as
// "YOU: I transfer the car to Bob"; on v2 the memberId inside the ciphertext is Alice's, so Bob's client
// shows nothing and reports it misattributed — and a verbatim re-publish of Alice's frame is reported replayed.
package dev.vanish.client.integrity;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.client.Notice;
import dev.vanish.server.testsupport.RespClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ForgedRedisFrameTest extends ClientTestBase {

  @Override
  protected boolean useRedis() {
    return true;
  }

  /** The room's channel and log key, as the Redis engine names them (RoomKeys). */
  private String key(String roomId, String suffix) {
    return node.config.redisPrefix() + ":{" + roomId + "}:" + suffix;
  }

  /** Publishes an event envelope (Envelope: "kind|memberId|messageId\n frame") both ways a node may subscribe. */
  private void publish(RespClient redis, String roomId, String memberId, long messageId, JsonObject frame) {
    String payload = "m|" + memberId + "|" + messageId + "\n" + frame.encode();
    for (String command : List.of("SPUBLISH", "PUBLISH")) {
      try {
        redis.call(command, key(roomId, "ch"), payload);
      } catch (RespClient.RedisError unknownOnRedis6) {
        // classic pub/sub only
      }
    }
  }

  private static List<Notice> notices(BlockingRoom room, int n) throws InterruptedException {
    List<Notice> got = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 10_000;
    while (got.size() < n && System.currentTimeMillis() < deadline) {
      got.addAll(room.drainNotices());
      Thread.sleep(20);
    }
    got.addAll(room.drainNotices());
    return got;
  }

  @Test
  void aFrameForgedInRedisWithTheReadersMemberIdAndAnotherMembersCiphertextIsReportedMisattributed() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(link, "bob");
         RespClient resp = redis.client()) {
      String aliceId = alice.session().memberId();
      String bobId = bob.session().memberId();
      alice.send("I transfer the car to Bob");
      ChatMessage real = bob.next(Duration.ofSeconds(10)).orElseThrow();
      assertThat(real.mine()).isFalse();

      // What a Redis writer sees: the stored frames, ciphertext included.
      @SuppressWarnings("unchecked")
      List<Object> log = (List<Object>) resp.call("LRANGE", key(link.roomId(), "log"), "0", "-1");
      JsonObject stored = new JsonObject((String) log.get(log.size() - 1));
      assertThat(stored.getString("memberId")).isEqualTo(aliceId);

      long forgedId = Long.parseLong(stored.getString("id")) + 1;
      JsonObject forged = stored.copy().put("id", Long.toString(forgedId)).put("memberId", bobId)
          .put("ts", stored.getLong("ts") + 3_600_000);
      publish(resp, link.roomId(), bobId, forgedId, forged);
      Optional<ChatMessage> shown = bob.next(Duration.ofSeconds(2));
      assertThat(shown).as("v1 showed \"YOU: I transfer the car to Bob\"").isEmpty();
      assertThat(notices(bob, 1)).containsExactly(Notice.misattributed(Long.toString(forgedId), bobId, aliceId));

      // The same frame re-published verbatim under a fresh id: Alice's own (memberId, seq) again.
      long replayId = forgedId + 1;
      publish(resp, link.roomId(), aliceId, replayId, stored.copy().put("id", Long.toString(replayId)));
      assertThat(bob.next(Duration.ofSeconds(2))).isEmpty();
      assertThat(notices(bob, 1)).containsExactly(Notice.replayed(Long.toString(replayId), aliceId, 1));
    }
  }
}
