package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded join request replayed after its challenge's minute is refused 400 (the challenge expired), before the
 * room is even looked at: the check is stateless (room.Challenges), so one engine shows it for all. The 404 within
 * the minute is SeatChallengeTest's. This test waits the 60 s out for real.
 */
class ChallengeExpiryTest {

  @Test
  void aRecordedJoinRequestReplayedAfterItsChallengeExpiredIsRefused400AndTakesNoSeat() throws Exception {
    // Seats held for two minutes without a socket (the test default is 2 s), to count them after the wait.
    try (TestNode node = TestNode.start(TestNode.testConfig().withLimits(1, 50, 120))) {
      Api api = node.api();
      Room room = api.createRoom(null, 5);
      Member alice = api.join(room);
      JsonObject recorded = api.joinBody(room);
      JsonObject heldBack = api.joinBody(room); // signed, never sent until it is too late
      String path = "/api/v1/rooms/" + room.roomId() + "/members";
      assertThat(api.post(path, recorded).status()).isEqualTo(201);
      Thread.sleep(60_500);
      Reply late = api.post(path, recorded);
      ApiContractTest.assertError(late, 400, "invalid_request");
      assertThat(late.json().getString("message")).isEqualTo("challenge: expired or not for this room; ask for a new one");
      // A request prepared and held back is worth nothing either, once its minute is over.
      ApiContractTest.assertError(api.post(path, heldBack), 400, "invalid_request");
      assertThat(api.get("/api/v1/rooms/" + room.roomId(), alice.token()).json().getJsonArray("members")).hasSize(2);
    }
  }
}
