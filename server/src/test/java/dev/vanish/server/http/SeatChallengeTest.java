package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.BackendNodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2's seat-taking (docs/PROTOCOL.md §4) against a real node on the memory engine and on Redis: a seat is
 * taken by signing a fresh challenge with the link's key, so a join request seen once (a proxy's log, a body dump)
 * is worth nothing later, and a v1 client is told plainly to update.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class SeatChallengeTest extends BackendNodeTestBase {

  static final String UPDATE = "This server speaks protocol v2: update your client.";
  static final String MISSING_ROOM = "AAAAAAAAAAAAAAAAAAAAAA";

  private String members(String roomId) {
    return "/api/v1/rooms/" + roomId + "/members";
  }

  private int seats(Member m) {
    return api.get("/api/v1/rooms/" + m.roomId(), m.token()).json().getJsonArray("members").size();
  }

  /** What a join to a room that never existed answers: the bytes a refused replay must equal. */
  private Reply missingRoomJoin() {
    byte[] k = TestCrypto.newRoomKey();
    return api.post(members(MISSING_ROOM), TestCrypto.joinRequest(k, MISSING_ROOM, api.challenge(MISSING_ROOM)));
  }

  @Test
  void aRecordedJoinRequestReplayedLaterTakesNoSeat() {
    Room room = api.createRoom(null, 5);
    Member alice = api.join(room);
    JsonObject recorded = api.joinBody(room); // what a TLS-terminating proxy saw
    Reply original = api.post(members(room.roomId()), recorded);
    assertThat(original.status()).as(original.raw()).isEqualTo(201);
    assertThat(seats(alice)).isEqualTo(2);

    for (int i = 0; i < 3; i++) {
      Reply replay = api.post(members(room.roomId()), recorded);
      Reply missing = missingRoomJoin();
      assertThat(replay.status()).as(replay.raw()).isEqualTo(404);
      assertThat(replay.raw()).isEqualTo(missing.raw()); // the same bytes as a room that does not exist
    }
    assertThat(seats(alice)).isEqualTo(2);
    // The room itself is fine: a fresh challenge, signed, seats.
    api.join(room);
    assertThat(seats(alice)).isEqualTo(3);
  }

  @Test
  void aJoinRefusedForAFullRoomCannotBeReplayedOnceASeatIsFree() {
    Room room = api.createRoom(null, 2);
    Member alice = api.join(room);
    Member bob = api.join(room);
    JsonObject recorded = api.joinBody(room);
    assertThat(api.post(members(room.roomId()), recorded).error()).isEqualTo("room_full");
    assertThat(api.delete("/api/v1/rooms/" + room.roomId() + "/members/me", bob.token()).status()).isEqualTo(204);
    Reply replay = api.post(members(room.roomId()), recorded);
    assertThat(replay.status()).isEqualTo(404);
    assertThat(seats(alice)).isEqualTo(1);
  }

  @Test
  void aForgedSignatureIsRefusedLikeAMissingRoomAndTakesNoSeat() {
    Room room = api.createRoom(null, 5);
    Member alice = api.join(room);
    String challenge = api.challenge(room.roomId());
    // Signed by another key (someone with the room id but not the link), and 64 random bytes.
    Reply otherKey = api.post(members(room.roomId()), TestCrypto.joinRequest(TestCrypto.newRoomKey(), room.roomId(), challenge));
    byte[] noise = new byte[64];
    new java.security.SecureRandom().nextBytes(noise);
    Reply randomSig = api.post(members(room.roomId()), new JsonObject().put("v", 2).put("challenge", challenge)
        .put("signature", TestCrypto.b64(noise)));
    // The right key over another message (the challenge of another moment, another room id) does not verify either.
    String wrongMessage = TestCrypto.sign(TestCrypto.linkSeed(room.key()), TestCrypto.seatMessage(MISSING_ROOM, challenge));
    Reply replayedElsewhere = api.post(members(room.roomId()), new JsonObject().put("v", 2).put("challenge", challenge)
        .put("signature", wrongMessage));
    String missing = missingRoomJoin().raw();
    for (Reply r : List.of(otherKey, randomSig, replayedElsewhere)) {
      assertThat(r.status()).as(r.raw()).isEqualTo(404);
      assertThat(r.raw()).isEqualTo(missing);
    }
    assertThat(seats(alice)).isEqualTo(1);
    // None of them spent the challenge: the real member can still answer it.
    Reply real = api.post(members(room.roomId()), TestCrypto.joinRequest(room.key(), room.roomId(), challenge));
    assertThat(real.status()).as(real.raw()).isEqualTo(201);
  }

  @Test
  void aChallengeForAnotherRoomOrNotMadeByTheServerIsRefused400() {
    Room room = api.createRoom(null, 5);
    Room other = api.createRoom(null, 5);
    String foreign = api.challenge(other.roomId());
    Reply r = api.post(members(room.roomId()), TestCrypto.joinRequest(room.key(), room.roomId(), foreign));
    ApiContractTest.assertError(r, 400, "invalid_request");
    assertThat(r.json().getString("message")).isEqualTo("challenge: expired or not for this room; ask for a new one");
    // One the client made up (well-shaped, signed, but not made by this cluster), and a tampered one.
    String madeUp = TestCrypto.b64(new byte[40]);
    String real = api.challenge(room.roomId());
    String tampered = real.substring(0, 20) + (real.charAt(20) == 'A' ? 'B' : 'A') + real.substring(21); // a nonce bit
    for (String c : List.of(madeUp, tampered, "x")) {
      Reply refused = api.post(members(room.roomId()), TestCrypto.joinRequest(room.key(), room.roomId(), c));
      assertThat(refused.status()).as(c).isEqualTo(400);
      assertThat(refused.json().getString("message")).as(c).startsWith("challenge: ");
    }
    // Refused for shape before anything: too long, not base64url, not a string.
    for (Object c : List.of("A".repeat(129), "a+b/c=", 42)) {
      Reply refused = api.post(members(room.roomId()), new JsonObject().put("v", 2).put("challenge", c)
          .put("signature", TestCrypto.seatSignature(room.key(), room.roomId(), String.valueOf(c))));
      ApiContractTest.assertError(refused, 400, "invalid_request");
      assertThat(refused.json().getString("message")).contains("challenge");
    }
  }

  @Test
  void theChallengeEndpointAnswersAlikeForLiveDestroyedAndMissingRooms() {
    Room live = api.createRoom(null, 2);
    Room destroyed = api.createRoom(null, 2);
    Member d = api.join(destroyed);
    assertThat(api.delete("/api/v1/rooms/" + destroyed.roomId(), d.token()).status()).isEqualTo(204);
    Set<String> shapes = new TreeSet<>();
    for (String id : List.of(live.roomId(), destroyed.roomId(), TestCrypto.newRoomId(), MISSING_ROOM)) {
      Reply r = api.get("/api/v1/rooms/" + id + "/challenge");
      assertThat(r.status()).as(id).isEqualTo(200);
      JsonObject j = r.json();
      assertThat(j.fieldNames()).containsExactlyInAnyOrder("challenge", "expiresAt");
      assertThat(j.getLong("expiresAt") - System.currentTimeMillis()).isBetween(55_000L, 60_000L);
      // Same length, same headers (names and values but the date): nothing tells a live room from a dead one.
      TreeSet<String> headers = new TreeSet<>();
      r.response().headers().map().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("date")) headers.add(name.toLowerCase() + "=" + values);
      });
      shapes.add(j.getString("challenge").length() + " " + r.raw().length() + " " + headers);
    }
    assertThat(shapes).hasSize(1);
    // Two challenges are never the same; an id of the wrong shape has none.
    assertThat(api.challenge(live.roomId())).isNotEqualTo(api.challenge(live.roomId()));
    ApiContractTest.assertError(api.get("/api/v1/rooms/not-a-room/challenge"), 404, "room_not_found");
  }

  @Test
  void aTakenRoomIdIsRefused409AndFreeAgainOnceTheRoomIsGone() {
    byte[] k = TestCrypto.newRoomKey();
    String id = TestCrypto.newRoomId();
    assertThat(api.post("/api/v1/rooms", TestCrypto.createRequest(k, id)).status()).isEqualTo(201);
    Reply taken = api.post("/api/v1/rooms", TestCrypto.createRequest(TestCrypto.newRoomKey(), id));
    ApiContractTest.assertError(taken, 409, "room_exists");
    // The first room is untouched: its own key still opens it, the second key does not.
    Member m = api.join(new Room(id, k, 0, 2));
    assertThat(api.tryJoin(new Room(id, TestCrypto.newRoomKey(), 0, 2)).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/rooms/" + id, m.token()).status()).isEqualTo(204);
    byte[] k2 = TestCrypto.newRoomKey();
    assertThat(api.post("/api/v1/rooms", TestCrypto.createRequest(k2, id)).status()).isEqualTo(201);
    assertThat(api.tryJoin(new Room(id, k2, 0, 2)).status()).isEqualTo(201);
  }

  @Test
  void createRefusesRoomIdsAndKeysThatAreNotCanonical() {
    byte[] k = TestCrypto.newRoomKey();
    String id = TestCrypto.newRoomId();
    for (Object bad : List.of("short", id.substring(0, 21) + "B", id + "A", 42, "AAAAAAAAAAAAAAAAAAAA+/")) {
      Reply r = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("roomId", bad));
      ApiContractTest.assertError(r, 400, "invalid_request");
      assertThat(r.json().getString("message")).as(String.valueOf(bad)).contains("roomId");
    }
    // 32 bytes that are no point of the curve (y = 2) are no public key.
    Reply notAPoint = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("publicKey", "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    ApiContractTest.assertError(notAPoint, 400, "invalid_request");
    assertThat(notAPoint.json().getString("message")).contains("publicKey");
    assertThat(api.get("/api/v1/rooms/" + id + "/challenge").status()).isEqualTo(200); // nothing was created under it
    assertThat(api.post("/api/v1/rooms", TestCrypto.createRequest(k, id)).status()).isEqualTo(201);
  }

  @Test
  void v1CreateJoinAndHelloGetUnsupportedVersionWithTheSentence() {
    byte[] k = TestCrypto.newRoomKey();
    String v1Hash = TestCrypto.b64(TestCrypto.hkdf(k, "vanish/v1/auth"));
    JsonObject v2 = TestCrypto.createRequest(k);
    for (JsonObject create : List.of(new JsonObject().put("accessHash", v1Hash), new JsonObject(), v2.copy().put("v", 1),
        v2.copy().put("v", "2"), v2.copy().put("accessHash", v1Hash), without(v2, "v"))) {
      Reply r = api.post("/api/v1/rooms", create);
      ApiContractTest.assertError(r, 400, "unsupported_version");
      assertThat(r.json().getString("message")).as(create.encode()).isEqualTo(UPDATE);
    }
    Room room = api.createRoom(null, 2);
    Member m = api.join(room);
    String challenge = api.challenge(room.roomId());
    JsonObject good = TestCrypto.joinRequest(room.key(), room.roomId(), challenge);
    for (JsonObject join : List.of(new JsonObject().put("accessProof", v1Hash), without(good, "v"), good.copy().put("v", 3),
        good.copy().put("accessProof", v1Hash))) {
      Reply r = api.post(members(room.roomId()), join);
      ApiContractTest.assertError(r, 400, "unsupported_version");
      assertThat(r.json().getString("message")).isEqualTo(UPDATE);
    }
    // A v1 hello: error frame with the sentence, then close 4400 "unsupported_version" — before the token is looked at.
    for (JsonObject hello : List.of(new JsonObject().put("type", "hello").put("token", m.token()),
        new JsonObject().put("type", "hello").put("v", 1).put("token", m.token()))) {
      try (TestSocket s = TestSocket.open(api.base(), room.roomId())) {
        s.sendJson(hello);
        JsonObject error = s.await("error");
        assertThat(error.getString("error")).isEqualTo("unsupported_version");
        assertThat(error.getString("message")).isEqualTo(UPDATE);
        assertThat(s.awaitClose()).isEqualTo(4400);
        assertThat(s.closeReason()).isEqualTo("unsupported_version");
      }
    }
    try (TestSocket s = TestSocket.joined(api.base(), m, null)) {
      assertThat(s.seen().get(0).getInteger("v")).isEqualTo(2); // the welcome says which version it speaks
    }
  }

  private static JsonObject without(JsonObject o, String field) {
    JsonObject c = o.copy();
    c.remove(field);
    return c;
  }
}
