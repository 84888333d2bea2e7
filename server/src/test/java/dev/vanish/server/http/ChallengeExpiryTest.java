package dev.vanish.server.http;

import dev.vanish.server.room.Challenges;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.config.ServerConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded join request replayed after its challenge's minute is refused 400 (the challenge expired), before the
 * room is even looked at: the check is stateless (room.Challenges), so one engine shows it for all. The 404 within
 * the minute is SeatChallengeTest's.
 *
 * <p>The node runs with a known VANISH_LIMIT_SECRET, so the test mints challenges with the cluster's key (derived
 * here by its own HMAC, as PROTOCOL.md §4 says) that were issued 58 s ago: they run out two seconds into the test
 * on the node's own clock, instead of the test sleeping the whole minute (it did, for 60 s of the suite).
 */
class ChallengeExpiryTest {

  private static final String SECRET = "challenge-expiry-test-secret-0123456789";

  @Test
  void aRecordedJoinRequestReplayedAfterItsChallengeExpiredIsRefused400AndTakesNoSeat() throws Exception {
    // Seats held for two minutes without a socket (the test default is 2 s), to count them after the wait.
    ServerConfig config = TestNode.testConfig().withLimits(1, 50, 120);
    config = config.withHardening(config.hardening().withLimitSecret(SECRET));
    try (TestNode node = TestNode.start(config)) {
      Api api = node.api();
      Room room = api.createRoom(null, 5);
      Member alice = api.join(room);
      Challenges cluster = new Challenges();
      cluster.useKey(challengeKey(SECRET));
      long issuedAt = System.currentTimeMillis() - Challenges.LIFETIME_MS + 2_000;
      JsonObject recorded = TestCrypto.joinRequest(room.key(), room.roomId(), cluster.issue(room.roomId(), issuedAt).challenge());
      JsonObject heldBack = TestCrypto.joinRequest(room.key(), room.roomId(), cluster.issue(room.roomId(), issuedAt).challenge());
      String path = "/api/v1/rooms/" + room.roomId() + "/members";
      // Within its minute the node takes the minted challenge like one it made itself.
      assertThat(api.post(path, recorded).status()).isEqualTo(201);
      Thread.sleep(2_500);
      Reply late = api.post(path, recorded);
      ApiContractTest.assertError(late, 400, "invalid_request");
      assertThat(late.json().getString("message")).isEqualTo("challenge: expired or not for this room; ask for a new one");
      // A request prepared and held back is worth nothing either, once its minute is over.
      ApiContractTest.assertError(api.post(path, heldBack), 400, "invalid_request");
      assertThat(api.get("/api/v1/rooms/" + room.roomId(), alice.token()).json().getJsonArray("members")).hasSize(2);
    }
  }

  /** HMAC-SHA256(limit secret, "vanish/challenge"): the key every node of a cluster checks challenges with. */
  private static byte[] challengeKey(String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal("vanish/challenge".getBytes(StandardCharsets.UTF_8));
  }
}
