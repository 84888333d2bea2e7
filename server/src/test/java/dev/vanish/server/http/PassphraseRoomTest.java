package dev.vanish.server.http;

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

import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passphrase rooms (docs/PROTOCOL.md §4) against a real node on the memory engine and on Redis: the link alone takes
 * no seat; a join without the passphrase's signature is told so (401, not counted); each wrong one is counted (403,
 * attemptsLeft) and the room's last one destroys it for everyone, like DESTROY NOW.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class PassphraseRoomTest extends BackendNodeTestBase {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A stand-in for PBKDF2(passphrase, roomId): 32 bytes the server can never tell from the real thing (it sees only
   * the public key derived from them). The real derivation runs once, in theRightPassphraseSeatsAndWrongOnesCount…
   */
  private static byte[] someP() {
    byte[] p = new byte[32];
    RANDOM.nextBytes(p);
    return p;
  }

  private Room passphraseRoom(Integer attempts, int capacity) {
    return api.createPassphraseRoom(TestCrypto.newRoomId(), TestCrypto.newRoomKey(), someP(), attempts, capacity);
  }

  /** A join that signs with the link's key and a wrong passphrase's key. */
  private Reply joinWithWrongPassphrase(Room room) {
    return api.tryJoin(new Room(room.roomId(), room.key(), 0, 0, someP()));
  }

  private static void assertAttempts(Reply r, int status, String code, int left) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    JsonObject body = r.json();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.getInteger("attemptsLeft")).as(r.raw()).isEqualTo(left);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message", "attemptsLeft");
  }

  @Test
  void createChoosesAttemptsFromThreeToTenDefaultFiveOnlyWithAPassphraseKey() {
    byte[] k = TestCrypto.newRoomKey();
    String passphraseKey = TestCrypto.publicKey(TestCrypto.passphraseSeed(k, someP()));
    Reply byDefault = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("passphraseKey", passphraseKey));
    assertThat(byDefault.status()).as(byDefault.raw()).isEqualTo(201);
    assertThat(byDefault.json().getInteger("attempts")).isEqualTo(5);
    Reply three = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("passphraseKey", passphraseKey).put("attempts", 3));
    assertThat(three.json().getInteger("attempts")).isEqualTo(3);
    assertThat(api.tryCreateRoom().json().containsKey("attempts")).isFalse(); // a room without a passphrase has none
    for (Object bad : List.of(2, 11, "5", 5.5)) {
      Reply r = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("passphraseKey", passphraseKey).put("attempts", bad));
      ApiContractTest.assertError(r, 400, "invalid_request");
      assertThat(r.json().getString("message")).contains("attempts");
    }
    ApiContractTest.assertError(api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("attempts", 5)), 400, "invalid_request");
    Reply badKey = api.post("/api/v1/rooms", TestCrypto.createRequest(k).put("passphraseKey", "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    ApiContractTest.assertError(badKey, 400, "invalid_request");
    assertThat(badKey.json().getString("message")).contains("passphraseKey");
  }

  @Test
  void aJoinWithoutThePassphraseIsTold401WithAttemptsLeftAndIsNotCounted() {
    Room room = passphraseRoom(4, 3);
    for (int i = 0; i < 6; i++) {
      assertAttempts(api.tryJoin(new Room(room.roomId(), room.key(), 0, 0)), 401, "passphrase_required", 4);
    }
    assertThat(api.tryJoin(room).status()).isEqualTo(201); // nothing was counted, nothing destroyed
  }

  @Test
  void theRightPassphraseSeatsAndWrongOnesCountDownOverTheRoomsWholeLife() {
    byte[] k = TestCrypto.newRoomKey();
    String id = TestCrypto.newRoomId();
    Room room = api.createPassphraseRoom(id, k, TestCrypto.passphraseP("correct horse battery staple", id), 5, 5);
    assertAttempts(joinWithWrongPassphrase(room), 403, "wrong_passphrase", 4);
    Member alice = api.join(room);
    assertAttempts(joinWithWrongPassphrase(room), 403, "wrong_passphrase", 3); // a success reset nothing
    Room typo = new Room(id, k, 0, 0, TestCrypto.passphraseP("correct horse battery stapel", id));
    Reply r = api.tryJoin(typo);
    assertAttempts(r, 403, "wrong_passphrase", 2);
    assertThat(r.json().getString("message")).contains("2 attempts remain");
    assertAttempts(api.tryJoin(new Room(id, k, 0, 0)), 401, "passphrase_required", 2);
    assertThat(api.get("/api/v1/rooms/" + id, alice.token()).json().getJsonArray("members")).hasSize(1);
    // The link alone, or the passphrase with another link, opens nothing either.
    assertThat(api.tryJoin(new Room(id, TestCrypto.newRoomKey(), 0, 0, room.passphraseP())).status()).isEqualTo(404);
  }

  @Test
  void theLastWrongPassphraseDestroysTheRoomForEveryone() {
    Room room = passphraseRoom(3, 3);
    Member alice = api.join(room);
    try (TestSocket s = TestSocket.joined(api.base(), alice, null)) {
      assertAttempts(joinWithWrongPassphrase(room), 403, "wrong_passphrase", 2);
      assertAttempts(joinWithWrongPassphrase(room), 403, "wrong_passphrase", 1);
      Reply last = joinWithWrongPassphrase(room);
      assertAttempts(last, 403, "wrong_passphrase", 0);
      assertThat(last.json().getString("message")).contains("destroyed");
      s.await("destroyed", 3000);
      assertThat(s.awaitClose()).isEqualTo(4410);
      assertThat(s.closeReason()).isEqualTo("destroyed");
    }
    ApiContractTest.assertError(api.get("/api/v1/rooms/" + room.roomId(), alice.token()), 404, "room_not_found");
    ApiContractTest.assertError(api.tryJoin(room), 404, "room_not_found"); // even with the right passphrase
    ApiContractTest.assertError(joinWithWrongPassphrase(room), 404, "room_not_found");
    if (running.usesRedis()) assertThat(running.keysContaining(room.roomId())).isEmpty();
  }

  @Test
  void aRecordedWrongPassphraseJoinReplayedIsNotCountedTwice() {
    Room room = passphraseRoom(3, 3);
    Room wrong = new Room(room.roomId(), room.key(), 0, 0, someP());
    JsonObject recorded = api.joinBody(wrong);
    String path = "/api/v1/rooms/" + room.roomId() + "/members";
    assertAttempts(api.post(path, recorded), 403, "wrong_passphrase", 2);
    // Replayed (say, by someone who wants the room destroyed): 404, and nothing is counted.
    for (int i = 0; i < 3; i++) ApiContractTest.assertError(api.post(path, recorded), 404, "room_not_found");
    assertThat(api.tryJoin(room).status()).isEqualTo(201);
    assertAttempts(joinWithWrongPassphrase(room), 403, "wrong_passphrase", 1);
  }

  @Test
  void aPassphraseSignatureForARoomWithoutAPassphraseIsRefused400AndTakesNoSeat() {
    Room plain = api.createRoom(600, 2);
    Reply r = api.tryJoin(new Room(plain.roomId(), plain.key(), 0, 0, someP()));
    ApiContractTest.assertError(r, 400, "invalid_request");
    assertThat(r.json().getString("message")).contains("passphraseSignature");
    Member alice = api.join(plain);
    api.join(plain); // both seats were still free
    assertThat(api.get("/api/v1/rooms/" + plain.roomId(), alice.token()).json().getJsonArray("members")).hasSize(2);
    // A link that is not the room's still reads as a missing room, passphrase or not: nothing is told.
    ApiContractTest.assertError(api.tryJoin(new Room(plain.roomId(), TestCrypto.newRoomKey(), 0, 0, someP())), 404, "room_not_found");
  }
}
