package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.BackendNodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP endpoint and every error code of docs/PROTOCOL.md, against a real node, once per backend — the
 * memory engine, a private redis-server and a private Redis Cluster — so every engine is held to the same API.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7", "CLUSTER"})
class ApiContractTest extends BackendNodeTestBase {

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    JsonObject body = r.json();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  // --- system --------------------------------------------------------------------------------------------

  @Test
  void healthAndConfig() {
    assertThat(api.get("/healthz").status()).isEqualTo(200);
    assertThat(api.get("/readyz").status()).isEqualTo(200);
    Reply r = api.get("/api/v1/config");
    assertThat(r.status()).isEqualTo(200);
    JsonObject c = r.json();
    assertThat(c.getInteger("defaultTtlSeconds")).isEqualTo(600);
    assertThat(c.getInteger("minTtlSeconds")).isEqualTo(1);
    assertThat(c.getInteger("maxTtlSeconds")).isEqualTo(86400);
    assertThat(c.getInteger("maxCapacity")).isEqualTo(50);
    assertThat(c.getInteger("maxBodyChars")).isEqualTo(32768);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void unknownPathsAndMethodsGetTheErrorShape() {
    assertError(api.get("/api/v1/nope"), 404, "not_found");
    assertError(api.call("PUT", "/api/v1/rooms", null, "{}", "application/json"), 405, "method_not_allowed");
    assertError(api.call("PATCH", "/api/v1/config", null, null, null), 405, "method_not_allowed");
  }

  // --- creating rooms ----------------------------------------------------------------------------------

  @Test
  void createRoomWithDefaults() {
    long before = System.currentTimeMillis();
    Reply r = api.tryCreateRoom();
    assertThat(r.status()).isEqualTo(201);
    JsonObject j = r.json();
    assertThat(j.getString("roomId")).matches("[A-Za-z0-9_-]{22}");
    assertThat(j.getInteger("ttlSeconds")).isEqualTo(600);
    assertThat(j.getInteger("capacity")).isEqualTo(2);
    assertThat(j.getLong("expiresAt")).isBetween(before + 600_000, System.currentTimeMillis() + 600_000);
  }

  @Test
  void createRoomWithChoices() {
    Room room = api.createRoom(3600, 7);
    assertThat(room.capacity()).isEqualTo(7);
    assertThat(room.expiresAt() - System.currentTimeMillis()).isBetween(3_590_000L, 3_600_000L);
  }

  @Test
  void createRoomRejectsBadInput() {
    byte[] k = TestCrypto.newRoomKey();
    String key = TestCrypto.linkPublicKey(k);
    JsonObject base = TestCrypto.createRequest(k);
    assertError(api.post("/api/v1/rooms", new JsonObject().put("v", 2)), 400, "invalid_request");
    assertThat(api.post("/api/v1/rooms", new JsonObject().put("v", 2)).json().getString("message")).contains("roomId");
    assertThat(api.post("/api/v1/rooms", without(base, "publicKey"))
        .json().getString("message")).contains("publicKey");
    assertError(api.post("/api/v1/rooms", base.copy().put("publicKey", "short")), 400, "invalid_request");
    assertError(api.post("/api/v1/rooms", base.copy().put("publicKey", 42)), 400, "invalid_request");
    assertError(api.post("/api/v1/rooms", base.copy().put("publicKey", key.replace(key.charAt(3), '+'))), 400, "invalid_request");
    Reply ttl = api.post("/api/v1/rooms", base.copy().put("ttlSeconds", 86401));
    assertError(ttl, 400, "invalid_request");
    assertThat(ttl.json().getString("message")).contains("ttlSeconds");
    assertError(api.post("/api/v1/rooms", base.copy().put("ttlSeconds", 0)), 400, "invalid_request");
    assertError(api.post("/api/v1/rooms", base.copy().put("ttlSeconds", "60")), 400, "invalid_request");
    assertError(api.post("/api/v1/rooms", base.copy().put("ttlSeconds", 60.5)), 400, "invalid_request");
    String prefix = base.encode().substring(0, base.encode().length() - 1);
    assertError(api.call("POST", "/api/v1/rooms", null, prefix + ",\"ttlSeconds\":1e400}", "application/json"), 400, "invalid_request");
    assertError(api.call("POST", "/api/v1/rooms", null, prefix + ",\"capacity\":99999999999999999999999}", "application/json"), 400, "invalid_request");
    Reply cap = api.post("/api/v1/rooms", base.copy().put("capacity", 1));
    assertError(cap, 400, "invalid_request");
    assertThat(cap.json().getString("message")).contains("capacity");
    assertError(api.post("/api/v1/rooms", base.copy().put("capacity", 51)), 400, "invalid_request");
    assertError(api.call("POST", "/api/v1/rooms", null, "{not json", "application/json"), 400, "invalid_request");
    assertError(api.call("POST", "/api/v1/rooms", null, "[1,2]", "application/json"), 400, "invalid_request");
    assertError(api.call("POST", "/api/v1/rooms", null, "", "application/json"), 400, "invalid_request");
    assertError(api.call("POST", "/api/v1/rooms", null, base.encode(), "text/plain"), 415, "unsupported_media_type");
    // None of these created the room: its id is still free.
    assertThat(api.post("/api/v1/rooms", base).status()).isEqualTo(201);
  }

  private static JsonObject without(JsonObject o, String field) {
    JsonObject c = o.copy();
    c.remove(field);
    return c;
  }

  @Test
  void oversizedBodiesGet413() {
    String big = "{\"v\":2,\"roomId\":\"" + "A".repeat(70_000) + "\"}";
    assertError(api.call("POST", "/api/v1/rooms", null, big, "application/json"), 413, "payload_too_large");
    Room room = api.createRoom(null, null);
    Member m = api.join(room);
    assertError(api.call("POST", "/api/v1/rooms/" + room.roomId() + "/messages", m.token(), big, "application/json"), 413, "payload_too_large");
    assertThat(messages(m, null)).isEmpty();
  }

  // --- seats --------------------------------------------------------------------------------------------

  @Test
  void joinTakesASeatUntilFull() {
    Room room = api.createRoom(null, 2);
    Reply first = api.tryJoin(room);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getString("memberId")).isNotBlank();
    assertThat(first.json().getString("token")).hasSizeGreaterThanOrEqualTo(22);
    assertThat(first.json().getLong("expiresAt")).isEqualTo(room.expiresAt());
    assertThat(first.json().getInteger("capacity")).isEqualTo(2);
    assertThat(api.tryJoin(room).status()).isEqualTo(201);
    assertError(api.tryJoin(room), 409, "room_full");
  }

  @Test
  void joinErrors() {
    Room room = api.createRoom(null, null);
    String members = "/api/v1/rooms/" + room.roomId() + "/members";
    Reply wrong = api.post(members, TestCrypto.joinRequest(TestCrypto.newRoomKey(), room.roomId(), api.challenge(room.roomId())));
    assertError(wrong, 404, "room_not_found");
    assertError(api.post(members, new JsonObject().put("v", 2).put("challenge", api.challenge(room.roomId())).put("signature", "x")), 400, "invalid_request");
    assertError(api.post(members, new JsonObject().put("v", 2)), 400, "invalid_request");
    Room other = new Room("AAAAAAAAAAAAAAAAAAAAAA", room.key(), 0, 2);
    assertError(api.tryJoin(other), 404, "room_not_found");
    assertError(api.tryJoin(new Room("not-a-room", room.key(), 0, 2)), 404, "room_not_found");
    assertError(api.tryJoin(new Room("..%2F..%2Fetc", room.key(), 0, 2)), 404, "room_not_found");
    // A wrong signature took no seat: two real members still fit.
    api.join(room);
    api.join(room);
  }

  @Test
  void concurrentJoinsNeverExceedCapacity() throws Exception {
    Room room = api.createRoom(null, 2);
    ExecutorService pool = Executors.newFixedThreadPool(30);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 30; i++) replies.add(pool.submit(() -> api.tryJoin(room)));
      int seated = 0, full = 0;
      for (Future<Reply> f : replies) {
        int status = f.get().status();
        if (status == 201) seated++;
        if (status == 409) full++;
      }
      assertThat(seated).isEqualTo(2);
      assertThat(full).isEqualTo(28);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void roomInfoForMembersOnly() {
    Room room = api.createRoom(120, 3);
    Member a = api.join(room);
    Member b = api.join(room);
    Reply r = api.get("/api/v1/rooms/" + room.roomId(), a.token());
    assertThat(r.status()).isEqualTo(200);
    JsonObject j = r.json();
    assertThat(j.getString("roomId")).isEqualTo(room.roomId());
    assertThat(j.getLong("expiresAt")).isEqualTo(room.expiresAt());
    assertThat(j.getInteger("remainingSeconds")).isBetween(115, 120);
    assertThat(j.getInteger("capacity")).isEqualTo(3);
    assertThat(j.getString("you")).isEqualTo(a.memberId());
    JsonArray members = j.getJsonArray("members");
    assertThat(members.stream().map(o -> ((JsonObject) o).getString("memberId"))).containsExactly(a.memberId(), b.memberId());
    assertThat(members.getJsonObject(0).getBoolean("online")).isFalse();

    assertError(api.get("/api/v1/rooms/" + room.roomId()), 401, "unauthorized");
    assertError(api.get("/api/v1/rooms/" + room.roomId(), "garbage"), 401, "unauthorized");
    assertError(api.get("/api/v1/rooms/" + room.roomId(), TestCrypto.b64(new byte[32])), 401, "unauthorized");
    Member elsewhere = api.join(api.createRoom(null, null));
    assertError(api.get("/api/v1/rooms/" + room.roomId(), elsewhere.token()), 401, "unauthorized");
    assertError(api.get("/api/v1/rooms/AAAAAAAAAAAAAAAAAAAAAA", a.token()), 404, "room_not_found");
    assertError(api.get("/api/v1/rooms/AAAAAAAAAAAAAAAAAAAAAA"), 404, "room_not_found");
  }

  // --- messages -------------------------------------------------------------------------------------------

  List<JsonObject> messages(Member m, String after) {
    Reply r = api.get("/api/v1/rooms/" + m.roomId() + "/messages" + (after == null ? "" : "?after=" + after), m.token());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.json().getJsonArray("messages").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  @Test
  void postAndReadMessages() {
    Room room = api.createRoom(null, null);
    Member a = api.join(room);
    Member b = api.join(room);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Reply r = api.send(i % 2 == 0 ? a : b, "hello " + i);
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.json().getLong("ts")).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
      ids.add(r.json().getString("id"));
    }
    assertThat(ids).doesNotHaveDuplicates();
    List<JsonObject> all = messages(b, null);
    assertThat(all).extracting(o -> o.getString("id")).containsExactlyElementsOf(ids);
    assertThat(all.get(1).getString("memberId")).isEqualTo(b.memberId());
    assertThat(all.get(0).fieldNames()).containsExactlyInAnyOrder("id", "ts", "memberId", "body");
    assertThat(TestCrypto.decrypt(room.key(), room.roomId(), all.get(2).getString("body"))).contains("hello 2");
    assertThat(messages(a, ids.get(0))).extracting(o -> o.getString("id")).containsExactly(ids.get(1), ids.get(2));
    assertThat(messages(a, ids.get(2))).isEmpty();
  }

  @Test
  void messageErrors() {
    Room room = api.createRoom(null, null);
    Member a = api.join(room);
    String path = "/api/v1/rooms/" + room.roomId() + "/messages";
    assertError(api.post(path, a.token(), new JsonObject().put("body", "not base64!")), 400, "invalid_request");
    assertError(api.post(path, a.token(), new JsonObject().put("body", "")), 400, "invalid_request");
    assertError(api.post(path, a.token(), new JsonObject().put("body", 12)), 400, "invalid_request");
    assertError(api.post(path, a.token(), new JsonObject().put("body", "QQ==")), 400, "invalid_request");
    Reply tooLong = api.post(path, a.token(), new JsonObject().put("body", "A".repeat(32769)));
    assertError(tooLong, 400, "invalid_request");
    assertThat(tooLong.json().getString("message")).contains("body");
    assertThat(api.post(path, a.token(), new JsonObject().put("body", "A".repeat(32768))).status()).isEqualTo(201);
    assertError(api.post(path, "nope", new JsonObject().put("body", "AAAA")), 401, "unauthorized");
    assertError(api.get(path), 401, "unauthorized");
    assertError(api.get(path + "?after=abc", a.token()), 400, "invalid_request");
    assertError(api.get(path + "?after=-1", a.token()), 400, "invalid_request");
    assertError(api.get(path + "?after=99999999999999999999999", a.token()), 400, "invalid_request");
    assertThat(messages(a, null)).hasSize(1);
  }

  @Test
  void floodsAreRateLimitedWithRetryAfter() {
    Room room = api.createRoom(null, null);
    Member a = api.join(room);
    int created = 0;
    Reply limited = null;
    for (int i = 0; i < 40 && limited == null; i++) {
      Reply r = api.send(a, "flood " + i);
      if (r.status() == 201) created++;
      else limited = r;
    }
    assertThat(limited).as("a flood of 40 messages is cut off").isNotNull();
    assertError(limited, 429, "rate_limited");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    assertThat(created).isGreaterThanOrEqualTo(20);
    assertThat(messages(a, null)).hasSize(created);
  }

  // --- leaving, destroying, expiring ------------------------------------------------------------------

  @Test
  void leavingFreesTheSeatAtOnce() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    api.join(room);
    assertError(api.tryJoin(room), 409, "room_full");
    assertThat(api.delete("/api/v1/rooms/" + room.roomId() + "/members/me", a.token()).status()).isEqualTo(204);
    assertError(api.get("/api/v1/rooms/" + room.roomId(), a.token()), 401, "unauthorized");
    assertError(api.delete("/api/v1/rooms/" + room.roomId() + "/members/me", a.token()), 401, "unauthorized");
    assertThat(api.tryJoin(room).status()).isEqualTo(201);
  }

  @Test
  void destroyDeletesEverything() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    api.send(a, "secret");
    assertError(api.delete("/api/v1/rooms/" + room.roomId(), null), 401, "unauthorized");
    assertThat(api.delete("/api/v1/rooms/" + room.roomId(), a.token()).status()).isEqualTo(204);
    assertError(api.get("/api/v1/rooms/" + room.roomId(), b.token()), 404, "room_not_found");
    assertError(api.get("/api/v1/rooms/" + room.roomId() + "/messages", a.token()), 404, "room_not_found");
    assertError(api.send(b, "late"), 404, "room_not_found");
    assertError(api.tryJoin(room), 404, "room_not_found");
    assertError(api.delete("/api/v1/rooms/" + room.roomId(), a.token()), 404, "room_not_found");
  }

  @Test
  void roomsExpire() throws InterruptedException {
    Room room = api.createRoom(1, 2);
    Member a = api.join(room);
    api.send(a, "soon gone");
    Thread.sleep(Math.max(0, room.expiresAt() - System.currentTimeMillis()) + 300);
    assertError(api.get("/api/v1/rooms/" + room.roomId(), a.token()), 404, "room_not_found");
    assertError(api.get("/api/v1/rooms/" + room.roomId() + "/messages", a.token()), 404, "room_not_found");
    assertError(api.tryJoin(room), 404, "room_not_found");
  }

  @Test
  void seatsLapseAfterTheGracePeriod() throws InterruptedException {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    assertError(api.tryJoin(room), 409, "room_full");
    // a keeps its seat by using it; b goes quiet for longer than the grace period (2 s in tests).
    for (int i = 0; i < 6; i++) {
      Thread.sleep(500);
      assertThat(api.get("/api/v1/rooms/" + room.roomId(), a.token()).status()).isEqualTo(200);
    }
    assertThat(api.tryJoin(room).status()).isEqualTo(201);
    assertError(api.get("/api/v1/rooms/" + room.roomId(), b.token()), 401, "unauthorized");
    assertError(api.tryJoin(room), 409, "room_full");
  }
}
