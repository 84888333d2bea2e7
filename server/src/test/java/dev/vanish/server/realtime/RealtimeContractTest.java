package dev.vanish.server.realtime;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.BackendNodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket protocol against a real node: hello and welcome, fan-out with acks, typing, presence,
 * destroy and expiry reaching every socket, and resuming with {@code after}. Run once per backend: the
 * memory engine, a private redis-server, a private Redis Cluster and a TLS-only redis-server with a password.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7", "CLUSTER", "TLS"})
class RealtimeContractTest extends BackendNodeTestBase {

  private static JsonObject hello(Member m) {
    return new JsonObject().put("type", "hello").put("v", 2).put("token", m.token());
  }

  private static List<String> online(JsonArray members) {
    List<String> ids = new ArrayList<>();
    members.forEach(o -> {
      if (((JsonObject) o).getBoolean("online")) ids.add(((JsonObject) o).getString("memberId"));
    });
    return ids;
  }

  @Test
  void welcomeDescribesTheRoom() {
    Room room = api.createRoom(300, 3);
    Member a = api.join(room);
    try (TestSocket s = TestSocket.open(api.base(), room.roomId())) {
      s.sendJson(hello(a));
      JsonObject w = s.await("welcome");
      assertThat(w.getString("memberId")).isEqualTo(a.memberId());
      assertThat(w.getLong("expiresAt")).isEqualTo(room.expiresAt());
      assertThat(w.getInteger("capacity")).isEqualTo(3);
      assertThat(online(w.getJsonArray("members"))).containsExactly(a.memberId());
    }
  }

  @Test
  void messagesFanOutToEveryMemberWithAnAck() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
      String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext("wolf", "über secret ✓"));
      sa.sendJson(new JsonObject().put("type", "send").put("body", body).put("ref", "r1"));
      JsonObject ack = sa.await("ack");
      assertThat(ack.getString("ref")).isEqualTo("r1");
      JsonObject atB = sb.await("message");
      // The sender's own copy may come before its ack: on Redis the ack is the script's reply and the copy comes
      // through pub/sub, on other connections (once seen on the Cluster: the copy, then the ack, which await("ack")
      // had passed over into seen()).
      JsonObject atA = sa.seen().stream().filter(f -> "message".equals(f.getString("type"))).findFirst()
          .orElseGet(() -> sa.await("message"));
      for (JsonObject m : List.of(atA, atB)) {
        assertThat(m.getString("id")).isEqualTo(ack.getString("id"));
        assertThat(m.getLong("ts")).isEqualTo(ack.getLong("ts"));
        assertThat(m.getString("memberId")).isEqualTo(a.memberId());
        assertThat(m.getString("body")).isEqualTo(body);
      }
      assertThat(new JsonObject(TestCrypto.decrypt(room.key(), room.roomId(), atB.getString("body"))).getString("text"))
          .isEqualTo("über secret ✓");

      // Messages posted over HTTP reach the sockets too.
      String id = api.send(b, "via http").json().getString("id");
      assertThat(sa.await("message").getString("id")).isEqualTo(id);
      assertThat(sb.await("message").getString("id")).isEqualTo(id);
    }
  }

  @Test
  void typingReachesOthersOnly() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
      sa.sendJson(new JsonObject().put("type", "typing"));
      assertThat(sb.await("typing").getString("memberId")).isEqualTo(a.memberId());
      assertThat(sa.poll("typing", 500)).isNull();
      assertThat(api.get("/api/v1/rooms/" + room.roomId() + "/messages", a.token()).json().getJsonArray("messages")).isEmpty();
    }
  }

  @Test
  void presenceFollowsSockets() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null)) {
      TestSocket sb = TestSocket.joined(api.base(), b, null);
      JsonObject both = awaitPresence(sa, 2);
      assertThat(online(both.getJsonArray("members"))).containsExactlyInAnyOrder(a.memberId(), b.memberId());
      sb.close();
      JsonObject one = awaitPresence(sa, 1);
      assertThat(online(one.getJsonArray("members"))).containsExactly(a.memberId());
      assertThat(one.getJsonArray("members")).hasSize(2); // b's seat is still held during the grace period
    }
  }

  private static JsonObject awaitPresence(TestSocket s, int online) {
    return s.await("presence", 5000, p -> online(p.getJsonArray("members")).size() == online);
  }

  @Test
  void destroyReachesEverySocketAndClosesIt() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
      long t0 = System.currentTimeMillis();
      assertThat(api.delete("/api/v1/rooms/" + room.roomId(), b.token()).status()).isEqualTo(204);
      sa.await("destroyed", 1000);
      sb.await("destroyed", 1000);
      assertThat(sa.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
      assertThat(sb.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
      assertThat(System.currentTimeMillis() - t0).isLessThan(2000);
    }
    assertThat(node.server().verticle().hub().roomCount()).isZero();
  }

  @Test
  void expiryReachesEverySocketOnTime() {
    Room room = api.createRoom(2, 2);
    Member a = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null)) {
      sa.await("expired", 4000);
      assertThat(System.currentTimeMillis() - room.expiresAt()).isLessThan(1000);
      assertThat(sa.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
    }
    assertThat(api.tryJoin(room).status()).isEqualTo(404);
  }

  @Test
  void reconnectingWithAfterLosesNothingAndRepeatsNothing() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) ids.add(api.send(a, "m" + i).json().getString("id"));

    try (TestSocket first = TestSocket.joined(api.base(), b, null)) {
      for (String id : ids) assertThat(first.await("message").getString("id")).isEqualTo(id);
    }
    // b last saw ids[1]; while away, two more arrive.
    ids.add(api.send(a, "m4").json().getString("id"));
    ids.add(api.send(a, "m5").json().getString("id"));
    try (TestSocket again = TestSocket.joined(api.base(), b, ids.get(1))) {
      for (String id : ids.subList(2, ids.size())) assertThat(again.await("message").getString("id")).isEqualTo(id);
      String live = api.send(a, "m6").json().getString("id");
      assertThat(again.await("message").getString("id")).isEqualTo(live);
      assertThat(again.poll("message", 400)).isNull();
    }
  }

  @Test
  void badHellosAreRefusedAndClosed() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    String[][] cases = {
        {"{\"type\":\"send\",\"body\":\"AAAA\"}", "unauthorized"},
        {"not json", "unauthorized"},
        {"{\"type\":\"hello\",\"v\":2}", "unauthorized"},
        {"{\"type\":\"hello\",\"v\":2,\"token\":\"" + TestCrypto.b64(new byte[32]) + "\"}", "unauthorized"},
        {"{\"type\":\"hello\",\"v\":2,\"token\":\"" + a.token() + "\",\"after\":\"x\"}", "invalid_request"},
        // A v1 hello (no v), however valid its token, is told to update, before the token is looked at.
        {"{\"type\":\"hello\",\"token\":\"" + a.token() + "\"}", "unsupported_version"},
    };
    for (String[] c : cases) {
      try (TestSocket s = TestSocket.open(api.base(), room.roomId())) {
        s.sendText(c[0]);
        assertThat(s.await("error").getString("error")).as(c[0]).isEqualTo(c[1]);
        assertThat(s.awaitClose()).isGreaterThanOrEqualTo(4000);
      }
    }
    try (TestSocket s = TestSocket.open(api.base(), "AAAAAAAAAAAAAAAAAAAAAA")) {
      s.sendJson(hello(a));
      assertThat(s.await("error").getString("error")).isEqualTo("room_not_found");
      assertThat(s.awaitClose()).isEqualTo(CloseCodes.ROOM_NOT_FOUND);
    }
    assertThat(api.get("/api/v1/rooms/" + room.roomId() + "/socket").status()).isEqualTo(400);
  }

  @Test
  void badFramesAfterHelloGetErrorsAndKeepTheSocket() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    try (TestSocket s = TestSocket.joined(api.base(), a, null)) {
      s.sendText("{\"type\":\"dance\"}");
      assertThat(s.await("error").getString("error")).isEqualTo("invalid_request");
      s.sendText("[]");
      assertThat(s.await("error").getString("error")).isEqualTo("invalid_request");
      s.sendJson(new JsonObject().put("type", "send").put("body", "!!").put("ref", 7));
      JsonObject err = s.await("error");
      assertThat(err.getString("error")).isEqualTo("invalid_request");
      assertThat(err.getInteger("ref")).isEqualTo(7);
      s.sendJson(new JsonObject().put("type", "send").put("body", "AAAA").put("ref", 8));
      assertThat(s.await("ack").getInteger("ref")).isEqualTo(8);
      assertThat(s.isClosed()).isFalse();
    }
  }

  @Test
  void socketFloodsGetRateLimitedFrames() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    try (TestSocket s = TestSocket.joined(api.base(), a, null)) {
      for (int i = 0; i < 40; i++) s.sendJson(new JsonObject().put("type", "send").put("body", "AAAA").put("ref", i));
      JsonObject err = s.await("error");
      assertThat(err.getString("error")).isEqualTo("rate_limited");
      assertThat(err.getInteger("retryAfter")).isPositive();
      assertThat(s.isClosed()).isFalse();
    }
  }

  @Test
  void leavingClosesTheMembersSockets() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    Member b = api.join(room);
    try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
      assertThat(api.delete("/api/v1/rooms/" + room.roomId() + "/members/me", a.token()).status()).isEqualTo(204);
      assertThat(sa.await("error").getString("error")).isEqualTo("unauthorized");
      assertThat(sa.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
      JsonObject p = awaitPresence(sb, 1);
      assertThat(p.getJsonArray("members")).hasSize(1);
    }
  }

  @Test
  void anOpenSocketHoldsTheSeatBeyondTheGracePeriod() throws InterruptedException {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    api.join(room); // b never connects: its seat lapses after the grace period (2 s)
    try (TestSocket sa = TestSocket.joined(api.base(), a, null)) {
      Thread.sleep(3500);
      assertThat(api.tryJoin(room).status()).isEqualTo(201);
      assertThat(api.tryJoin(room).status()).isEqualTo(409);
      assertThat(api.get("/api/v1/rooms/" + room.roomId(), a.token()).status()).isEqualTo(200);
    }
  }

  @Test
  void oversizedFramesCloseTheSocket() {
    Room room = api.createRoom(null, 2);
    Member a = api.join(room);
    try (TestSocket s = TestSocket.joined(api.base(), a, null)) {
      s.sendText("{\"type\":\"send\",\"body\":\"" + "A".repeat(70_000) + "\"}");
      assertThat(s.awaitClose()).as("frames: %s", s.seen()).isEqualTo(1009);
    }
    assertThat(api.get("/api/v1/rooms/" + room.roomId() + "/messages", a.token()).json().getJsonArray("messages")).isEmpty();
  }
}
