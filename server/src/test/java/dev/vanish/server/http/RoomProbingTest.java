package dev.vanish.server.http;

import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: holding only a room id (a log line, a URL without its fragment), find out whether the room is
 * alive. A wrong access proof used to answer 403 forbidden where a missing room answers 404, and a request
 * without a valid token answers 401 on a live room, 404 on a dead one. Now a wrong proof and a missing room
 * answer the same bytes, and the failed look-ups of one address are rate-limited (VANISH_RATE_LOOKUPS): past
 * the limit they all answer 429, which tells nothing; members with a valid token are never counted.
 */
class RoomProbingTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aWrongProofAndAMissingRoomAnswerAlike() {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      Api api = node.api();
      Api.Room live = api.createRoom(null, 2);
      byte[] wrongKey = TestCrypto.newRoomKey();
      Api.Reply wrongProof = api.tryJoin(new Api.Room(live.roomId(), wrongKey, 0, 2));
      Api.Reply missing = api.tryJoin(new Api.Room("AAAAAAAAAAAAAAAAAAAAAA", wrongKey, 0, 2));
      assertThat(wrongProof.status()).isEqualTo(404);
      assertThat(wrongProof.error()).isEqualTo("room_not_found");
      assertThat(wrongProof.raw()).isEqualTo(missing.raw());
      assertThat(wrongProof.header("Content-Type")).isEqualTo(missing.header("Content-Type"));
      // The wrong proof took no seat: two real members still fit.
      api.join(live);
      api.join(live);
    }
  }

  /** A request as if from {@code client}, through the node's trusted proxy (127.0.0.1). */
  private static HttpResponse<String> get(TestNode node, String path, String client, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(10))
        .header("X-Forwarded-For", client);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void failedLookupsFromOneAddressAreRateLimitedAndTellNothingPastTheLimit() throws Exception {
    ServerConfig c = TestNode.testConfig();
    c = c.withHardening(c.hardening().withLookups(new Rate(4, 60_000)).withTrustedProxies(List.of("127.0.0.1")));
    try (TestNode node = TestNode.start(c)) {
      Api api = node.api();
      Api.Room live = api.createRoom(null, 3);
      Api.Member member = api.join(live);
      String liveRoom = "/api/v1/rooms/" + live.roomId(), deadRoom = "/api/v1/rooms/AAAAAAAAAAAAAAAAAAAAAA";
      String prober = "198.51.100.7";
      // Within the limit the answers differ: that is the oracle the limit bounds.
      assertThat(get(node, liveRoom, prober, null).statusCode()).isEqualTo(401);
      assertThat(get(node, deadRoom, prober, null).statusCode()).isEqualTo(404);
      assertThat(get(node, liveRoom + "/messages", prober, TestCrypto.b64(new byte[32])).statusCode()).isEqualTo(401);
      assertThat(get(node, deadRoom + "/messages", prober, null).statusCode()).isEqualTo(404);
      // Past it, live and dead rooms, with or without a made-up token, answer alike: 429 with Retry-After.
      for (String path : List.of(liveRoom, deadRoom, liveRoom + "/messages", deadRoom + "/messages")) {
        HttpResponse<String> r = get(node, path, prober, null);
        assertThat(r.statusCode()).as(path).isEqualTo(429);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("rate_limited");
        assertThat(new JsonObject(r.body()).fieldNames()).containsExactlyInAnyOrder("error", "message");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 15L);
      }
      // Each address has its own bucket: a wrong proof from 127.0.0.1 itself still answers (404, like a missing room).
      Api.Reply wrongJoin = api.post(liveRoom + "/members", TestCrypto.joinRequest(TestCrypto.newRoomKey(),
          live.roomId(), api.challenge(live.roomId())));
      assertThat(wrongJoin.status()).isEqualTo(404);
      // A member with a valid token is never counted, even from the prober's address; another address is not slowed.
      for (int i = 0; i < 10; i++) assertThat(get(node, liveRoom, prober, member.token()).statusCode()).isEqualTo(200);
      assertThat(get(node, deadRoom, "198.51.100.8", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void failedSocketHellosCountAsLookupsToo() {
    ServerConfig c = TestNode.testConfig();
    c = c.withHardening(c.hardening().withLookups(new Rate(3, 60_000)));
    try (TestNode node = TestNode.start(c)) {
      Api api = node.api();
      Api.Room live = api.createRoom(null, 3);
      Api.Member member = api.join(live);
      String made = TestCrypto.b64(new byte[32]);
      // Within the limit a made-up token tells a live room (4401) from a dead one (4404).
      assertThat(helloCloses(node, live.roomId(), made)).isEqualTo(4401);
      assertThat(helloCloses(node, "AAAAAAAAAAAAAAAAAAAAAA", made)).isEqualTo(4404);
      assertThat(helloCloses(node, live.roomId(), made)).isEqualTo(4401);
      // Past it both close with 4429: nothing to tell them apart.
      assertThat(helloCloses(node, live.roomId(), made)).isEqualTo(4429);
      assertThat(helloCloses(node, "AAAAAAAAAAAAAAAAAAAAAA", made)).isEqualTo(4429);
      // A member's own socket is not counted and still gets its welcome.
      try (TestSocket s = TestSocket.joined(node.base(), member, null)) {
        assertThat(s.isClosed()).isFalse();
      }
    }
  }

  @Test
  void previewsWithAWrongKeyAndFileRequestsWithAForgedTokenCountAsFailedLookups() {
    ServerConfig c = TestNode.testConfig();
    c = c.withHardening(c.hardening().withLookups(new Rate(3, 60_000)));
    try (TestNode node = TestNode.start(c)) {
      Api api = node.api();
      Api.Room live = api.createRoom(null, 3);
      Api.Member member = api.join(live);
      String preview = "/api/v1/rooms/" + live.roomId() + "/preview";
      byte[] wrongKey = TestCrypto.newRoomKey();
      // A preview signed with another key answers like a missing room, and counts.
      assertThat(api.post(preview, RoomPreviewTest.previewRequest(wrongKey, live.roomId(), api.challenge(live.roomId()))).status())
          .isEqualTo(404);
      // So does a file request with a made-up token (401 for a live room).
      String chunk = "/api/v1/rooms/" + live.roomId() + "/files/AAAAAAAAAAAAAAAAAAAAAA/chunks/0";
      assertThat(api.get(chunk, TestCrypto.b64(new byte[32])).status()).isEqualTo(401);
      assertThat(api.post(preview, RoomPreviewTest.previewRequest(wrongKey, live.roomId(), api.challenge(live.roomId()))).status())
          .isEqualTo(404);
      // The fourth failure is past the limit, whichever endpoint it comes from: guessing keys for a room id gains
      // nothing by turning to previews. A right preview is no failure and is still answered.
      Api.Reply right = api.post(preview, RoomPreviewTest.previewRequest(live.key(), live.roomId(), api.challenge(live.roomId())));
      assertThat(api.get(chunk, TestCrypto.b64(new byte[32])).status()).isEqualTo(429);
      assertThat(right.status()).as("a right preview is not a failure, so it is answered: " + right.raw()).isEqualTo(200);
      Api.Reply afterLimit = api.post(preview, RoomPreviewTest.previewRequest(wrongKey, live.roomId(), api.challenge(live.roomId())));
      assertThat(afterLimit.status()).isEqualTo(429);
      assertThat(afterLimit.error()).isEqualTo("rate_limited");
      // The member's own requests are never counted.
      assertThat(api.get("/api/v1/rooms/" + live.roomId(), member.token()).status()).isEqualTo(200);
    }
  }

  private static int helloCloses(TestNode node, String roomId, String token) {
    try (TestSocket s = TestSocket.open(node.base(), roomId)) {
      s.sendJson(new JsonObject().put("type", "hello").put("v", 2).put("token", token));
      return s.awaitClose();
    }
  }
}
