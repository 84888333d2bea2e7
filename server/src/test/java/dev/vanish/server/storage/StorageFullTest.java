// Full is an answer, not a crash (issue 14, point 2), on a real node process: one client fills the node's storage
// — the memory engine's VANISH_MEMORY_BUDGET on a small heap, or a real redis-server at maxmemory with
// noeviction — and then room creations, seat-taking and messages answer 507 storage_full (never 503, never a
// crash or an OutOfMemoryError), while reads, leaving, destroying and open sockets keep working; once rooms are
// destroyed, writes succeed again. Rate limits are off so the fill takes a few seconds.
package dev.vanish.server.storage;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StorageFullTest {

  private static final String BIG = "A".repeat(32_000);

  private static Map<String, String> env(String redisUrl) {
    Map<String, String> env = NodeProcess.testEnv(redisUrl, "full" + System.nanoTime());
    env.put("VANISH_HISTORY_LIMIT", "1000");
    env.put("VANISH_ROOM_BYTES", "1MiB");
    env.put("VANISH_RATE_MESSAGES", "off");
    env.put("VANISH_RATE_MESSAGE_BYTES", "off");
    env.put("VANISH_SEAT_GRACE_SECONDS", "600");
    return env;
  }

  @Test
  void aNodeAtItsMemoryBudgetAnswersStorageFullAndRecoversWhenRoomsAreDestroyed() throws Exception {
    Map<String, String> env = env(null);
    env.put("VANISH_MEMORY_BUDGET", "8MiB");
    try (NodeProcess node = NodeProcess.start(env, "-Xmx64m")) {
      fillThenRecover(node, true, () -> { });
      assertThat(node.log()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void aNodeOnRedisAtMaxmemoryAnswersStorageFullNeverUnavailable() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess("--maxmemory", "32mb", "--maxmemory-policy", "noeviction");
         NodeProcess node = NodeProcess.start(env(redis.url()))) {
      fillThenRecover(node, false, () -> pinFull(redis));
      assertThat(redis.log()).doesNotContain("ERR");
    }
  }

  @Test
  void aNodeOnRedis6AtMaxmemoryAnswersStorageFullAndKeepsItsSeats() throws Exception {
    // Redis 6 has no script flags: the upkeep writes (holds, online entries, limiter buckets) skip what it refuses.
    try (RedisServerProcess redis = RedisServerProcess.redis6("--maxmemory", "32mb", "--maxmemory-policy", "noeviction");
         NodeProcess node = NodeProcess.start(env(redis.url()))) {
      fillThenRecover(node, false, () -> pinFull(redis));
    }
  }

  /**
   * Redis's used memory wobbles by a few KiB at the line (client query and pub/sub output buffers shrink a
   * moment after use, Lua collects its garbage), so a write may fit again a moment after a refusal — seen in
   * full runs as a room created or a seat taken right after the fill. Once the fill has met Redis's own
   * refusal, maxmemory is set 1 MiB below what Redis uses, so every write check after it meets a Redis that is
   * unambiguously full; destroying the rooms frees far more than that 1 MiB.
   */
  private static void pinFull(RedisServerProcess redis) {
    try (RespClient c = redis.client()) {
      String info = (String) c.call("INFO", "memory");
      long used = info.lines().filter(l -> l.startsWith("used_memory:")).mapToLong(l -> Long.parseLong(l.substring(12).trim()))
          .findFirst().orElseThrow();
      c.call("CONFIG", "SET", "maxmemory", Long.toString(used - (1 << 20)));
    }
  }

  /**
   * @param roomsAtTheirBudgetKeepChatting the memory engine lets a room at its own byte budget trade old for new
   * @param pinFull run once the fill met its first refusal (see {@link #pinFull})
   */
  private static void fillThenRecover(NodeProcess node, boolean roomsAtTheirBudgetKeepChatting, Runnable pinFull) {
    Api api = node.api();
    TreeSet<Integer> statuses = new TreeSet<>();
    Api.Room first = api.createRoom(3600, 4);
    Api.Member watcher = api.join(first);
    Api.Member poster = api.join(first);
    Api.Member leaver = api.join(first);
    List<Api.Member> owners = new ArrayList<>(); // one member per further room, to destroy it with
    try (TestSocket socket = TestSocket.joined(node.base(), watcher, null)) {
      // Fill: rooms of 1 MiB (their byte budget) until a write is refused.
      Api.Reply refused = null;
      Api.Member current = poster;
      Api.Room currentRoom = first;
      fill:
      for (int room = 0; room < 80; room++) {
        if (room > 0) {
          byte[] key = TestCrypto.newRoomKey();
          Api.Reply created = api.post("/api/v1/rooms", TestCrypto.createRequest(key)
              .put("capacity", 2).put("ttlSeconds", 3600));
          statuses.add(created.status());
          if (created.status() != 201) { refused = created; break; }
          currentRoom = new Api.Room(created.json().getString("roomId"), key, 0, 2);
          Api.Reply joined = api.tryJoin(currentRoom);
          statuses.add(joined.status());
          if (joined.status() != 201) { refused = joined; break; }
          current = new Api.Member(currentRoom.roomId(), key, joined.json().getString("memberId"),
              joined.json().getString("token"));
          owners.add(current);
        }
        for (int i = 0; i < 40; i++) {
          Api.Reply posted = post(api, current, BIG);
          statuses.add(posted.status());
          if (posted.status() != 201) { refused = posted; break fill; }
        }
      }
      assertThat(refused).as("a write refused before 80 rooms of 1 MiB were stored").isNotNull();
      assertThat(refused.status()).as(refused.raw()).isEqualTo(507);
      assertThat(refused.error()).isEqualTo("storage_full");
      assertThat(refused.header("Retry-After")).isNull();
      // Top it up with small messages until those are refused too: then nothing of any size fits.
      for (int i = 0; i < 5000 && post(api, current, "AAAA").status() == 201; i++) { }
      pinFull.run();
      assertThat(post(api, current, "AAAA").error()).isEqualTo("storage_full");

      // Writes: a new room, a new seat and a message are refused with 507, nothing else.
      Api.Reply create = api.tryCreateRoom();
      assertThat(create.status()).as(create.raw()).isEqualTo(507);
      assertThat(create.error()).isEqualTo("storage_full");
      // (the first room has a seat free: three of its four are taken)
      Api.Reply seat = api.tryJoin(first);
      assertThat(seat.status()).as(seat.raw()).isEqualTo(507);
      // An open socket's send is refused with an error frame carrying its ref; the socket stays open.
      socket.sendJson(new JsonObject().put("type", "send").put("body", BIG.substring(0, 100)).put("ref", "full-1"));
      JsonObject error = socket.await("error");
      assertThat(error.getString("error")).isEqualTo("storage_full");
      assertThat(error.getString("ref")).isEqualTo("full-1");
      assertThat(socket.isClosed()).isFalse();

      // Reads, health and leaving keep working.
      Api.Reply read = api.get("/api/v1/rooms/" + first.roomId() + "/messages", watcher.token());
      assertThat(read.status()).as(read.raw()).isEqualTo(200);
      assertThat(read.json().getJsonArray("messages")).isNotEmpty();
      assertThat(node.status("/healthz")).isEqualTo(200);
      assertThat(node.status("/readyz")).isEqualTo(200);
      assertThat(api.delete("/api/v1/rooms/" + first.roomId() + "/members/me", leaver.token()).status()).isEqualTo(204);

      if (roomsAtTheirBudgetKeepChatting) {
        // The first room holds its 1 MiB of bodies: a message there replaces the oldest, so it still fits, and
        // the open socket gets it.
        Api.Reply swap = post(api, poster, BIG);
        assertThat(swap.status()).as(swap.raw()).isEqualTo(201);
        assertThat(socket.await("message", 5000, m -> m.getString("id").equals(swap.json().getString("id")))).isNotNull();
      }

      // Destroying rooms frees the storage: writes succeed again.
      for (Api.Member owner : owners) {
        int destroyed = api.delete("/api/v1/rooms/" + owner.roomId(), owner.token()).status();
        assertThat(destroyed).as("destroy at full storage").isEqualTo(204);
      }
      Api.Room fresh = api.createRoom(60, 2);
      Api.Member newcomer = api.join(fresh);
      assertThat(post(api, newcomer, BIG).status()).isEqualTo(201);
      socket.sendJson(new JsonObject().put("type", "send").put("body", BIG.substring(0, 100)).put("ref", "again"));
      assertThat(socket.await("ack").getString("ref")).isEqualTo("again");
    }
    assertThat(statuses).as("every status answered while filling").isSubsetOf(201, 507);
  }

  private static Api.Reply post(Api api, Api.Member m, String body) {
    return api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", body));
  }
}
