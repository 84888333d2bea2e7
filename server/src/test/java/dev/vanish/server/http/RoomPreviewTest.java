package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.BackendNodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/rooms/{roomId}/preview (docs/PROTOCOL.md §4, Preview) on the memory engine and on Redis: what the
 * page shows before its Join button is pressed. Only a holder of the link learns anything (a room id alone gets the
 * bytes of a missing room), a preview takes no seat and spends no challenge, and its signature is no join's.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class RoomPreviewTest extends BackendNodeTestBase {

  static final String MISSING_ROOM = "AAAAAAAAAAAAAAAAAAAAAA";

  private static String path(String roomId) {
    return "/api/v1/rooms/" + roomId + "/preview";
  }

  /** The link key's signature over UTF-8 "vanish/v2/preview\n" + roomId + "\n" + challenge. */
  static String previewSignature(byte[] k, String roomId, String challenge) {
    return TestCrypto.sign(TestCrypto.linkSeed(k),
        ("vanish/v2/preview\n" + roomId + "\n" + challenge).getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject previewRequest(byte[] k, String roomId, String challenge) {
    return new JsonObject().put("v", 2).put("challenge", challenge).put("signature", previewSignature(k, roomId, challenge));
  }

  private Reply preview(Room room) {
    return api.post(path(room.roomId()), previewRequest(room.key(), room.roomId(), api.challenge(room.roomId())));
  }

  private int seats(Member m) {
    return api.get("/api/v1/rooms/" + m.roomId(), m.token()).json().getJsonArray("members").size();
  }

  @Test
  void aPreviewShowsSeatsTakenCapacityAndExpiryAndTakesNoSeat() {
    Room room = api.createRoom(600, 2);
    Member alice = api.join(room);
    Reply r = preview(room);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonObject p = r.json();
    assertThat(p.getInteger("capacity")).isEqualTo(2);
    assertThat(p.getInteger("members")).isEqualTo(1);
    assertThat(p.getLong("expiresAt")).isEqualTo(room.expiresAt());
    assertThat(p.getBoolean("passphrase")).isFalse();
    assertThat(p.containsKey("attemptsLeft")).isFalse();
    assertThat(p.fieldNames()).containsExactlyInAnyOrder("capacity", "members", "expiresAt", "passphrase");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    // Read-only: the same challenge previews again (its nonce is not spent), and no seat was taken by any of it.
    JsonObject again = previewRequest(room.key(), room.roomId(), api.challenge(room.roomId()));
    for (int i = 0; i < 3; i++) assertThat(api.post(path(room.roomId()), again).status()).isEqualTo(200);
    assertThat(seats(alice)).isEqualTo(1);
    api.join(room);
    assertThat(preview(room).json().getInteger("members")).isEqualTo(2);
    // A full room still previews (the page then says it is full instead of offering a seat).
    assertThat(preview(room).status()).isEqualTo(200);
  }

  @Test
  void aPreviewSignatureTakesNoSeatAndAJoinSignatureReadsNoPreview() {
    Room room = api.createRoom(null, 3);
    Member alice = api.join(room);
    String challenge = api.challenge(room.roomId());
    // A captured preview request sent as a join: the link's key signed another message, so it reads as a missing room.
    Reply asJoin = api.post("/api/v1/rooms/" + room.roomId() + "/members", previewRequest(room.key(), room.roomId(), challenge));
    ApiContractTest.assertError(asJoin, 404, "room_not_found");
    assertThat(seats(alice)).isEqualTo(1);
    // …and a seat signature sent as a preview tells nothing either.
    Reply asPreview = api.post(path(room.roomId()), TestCrypto.joinRequest(room.key(), room.roomId(), api.challenge(room.roomId())));
    ApiContractTest.assertError(asPreview, 404, "room_not_found");
    // The preview's challenge is still good for a real join: the preview did not spend it.
    Reply join = api.post("/api/v1/rooms/" + room.roomId() + "/members", TestCrypto.joinRequest(room.key(), room.roomId(), challenge));
    assertThat(join.status()).as(join.raw()).isEqualTo(201);
    assertThat(seats(alice)).isEqualTo(2);
  }

  @Test
  void aRoomIdWithoutItsKeyGetsTheSameBytesAsARoomThatDoesNotExist() {
    Room room = api.createRoom(null, 2);
    byte[] wrongKey = TestCrypto.newRoomKey();
    Reply forged = api.post(path(room.roomId()), previewRequest(wrongKey, room.roomId(), api.challenge(room.roomId())));
    Reply missing = api.post(path(MISSING_ROOM), previewRequest(wrongKey, MISSING_ROOM, api.challenge(MISSING_ROOM)));
    ApiContractTest.assertError(forged, 404, "room_not_found");
    assertThat(forged.raw()).isEqualTo(missing.raw());
    // A destroyed room answers the same, to the holder of its link too.
    Member m = api.join(room);
    assertThat(api.delete("/api/v1/rooms/" + room.roomId(), m.token()).status()).isEqualTo(204);
    assertThat(preview(room).raw()).isEqualTo(missing.raw());
    // A roomId of the wrong shape is a missing room, never a 400.
    ApiContractTest.assertError(api.post("/api/v1/rooms/nope/preview", previewRequest(wrongKey, "nope", "AAAA")), 404, "room_not_found");
  }

  @Test
  void aPassphraseRoomSaysSoWithTheAttemptsLeftBeforeAnyoneTypesIt() {
    byte[] p = new byte[32];
    new SecureRandom().nextBytes(p);
    Room room = api.createPassphraseRoom(TestCrypto.newRoomId(), TestCrypto.newRoomKey(), p, 4, 2);
    // One wrong passphrase counted first.
    byte[] wrong = new byte[32];
    new SecureRandom().nextBytes(wrong);
    assertThat(api.tryJoin(new Room(room.roomId(), room.key(), 0, 0, wrong)).error()).isEqualTo("wrong_passphrase");
    JsonObject r = preview(room).json();
    assertThat(r.getBoolean("passphrase")).isTrue();
    assertThat(r.getInteger("attemptsLeft")).isEqualTo(3);
    assertThat(r.getInteger("members")).isZero();
  }

  @Test
  void badPreviewRequestsAreRefused400WithTheFieldNamed() {
    Room room = api.createRoom(null, 2);
    String c = api.challenge(room.roomId());
    String sig = previewSignature(room.key(), room.roomId(), c);
    Reply noV = api.post(path(room.roomId()), new JsonObject().put("challenge", c).put("signature", sig));
    ApiContractTest.assertError(noV, 400, "unsupported_version");
    assertThat(noV.json().getString("message")).isEqualTo(SeatChallengeTest.UPDATE);
    for (Object bad : List.of("A".repeat(129), "a+b/c=", 42)) {
      Reply r = api.post(path(room.roomId()), new JsonObject().put("v", 2).put("challenge", bad).put("signature", sig));
      ApiContractTest.assertError(r, 400, "invalid_request");
      assertThat(r.json().getString("message")).contains("challenge");
    }
    for (Object bad : List.of("short", sig.substring(0, 85) + "B", 7)) {
      Reply r = api.post(path(room.roomId()), new JsonObject().put("v", 2).put("challenge", c).put("signature", bad));
      ApiContractTest.assertError(r, 400, "invalid_request");
      assertThat(r.json().getString("message")).contains("signature");
    }
    Reply noSig = api.post(path(room.roomId()), new JsonObject().put("v", 2).put("challenge", c));
    ApiContractTest.assertError(noSig, 400, "invalid_request");
    // A challenge made for another room: refused before the room is looked at, as for a join.
    String foreign = api.challenge(api.createRoom(null, 2).roomId());
    Reply r = api.post(path(room.roomId()), previewRequest(room.key(), room.roomId(), foreign));
    ApiContractTest.assertError(r, 400, "invalid_request");
    assertThat(r.json().getString("message")).isEqualTo("challenge: expired or not for this room; ask for a new one");
    Reply notJson = api.call("POST", path(room.roomId()), null, "{", "application/json");
    ApiContractTest.assertError(notJson, 400, "invalid_request");
    Reply wrongType = api.call("POST", path(room.roomId()), null, previewRequest(room.key(), room.roomId(), c).toString(), "text/plain");
    ApiContractTest.assertError(wrongType, 415, "unsupported_media_type");
  }
}
