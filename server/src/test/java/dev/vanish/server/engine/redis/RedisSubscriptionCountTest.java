// How many connections and subscriptions one node holds on a single Redis, counted by Redis itself (CLIENT
// LIST and PUBSUB SHARDNUMSUB): commands pipelined on one connection however many run at once; one pub/sub
// connection for all rooms, one channel per room with local sockets (not per socket), and the room's channel
// unsubscribed when its last local socket closes.
package dev.vanish.server.engine.redis;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSubscriptionCountTest {

  /** The pub/sub clients Redis sees: one map of CLIENT LIST fields per client with any subscription. */
  private static List<Map<String, String>> subscribers(RespClient admin) {
    return clients(admin, true);
  }

  private static List<Map<String, String>> clients(RespClient admin, boolean subscribed) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : String.valueOf(admin.call("CLIENT", "LIST")).split("\n")) {
      Map<String, String> f = new TreeMap<>();
      for (String kv : line.trim().split(" ")) {
        int eq = kv.indexOf('=');
        if (eq > 0) f.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      long subs = Long.parseLong(f.getOrDefault("sub", "0")) + Long.parseLong(f.getOrDefault("psub", "0"))
          + Long.parseLong(f.getOrDefault("ssub", "0"));
      if ((subs > 0) == subscribed && !f.isEmpty()) out.add(f);
    }
    return out;
  }

  /** Subscribers of a channel, sharded (Redis 7) or classic (the Redis 6 fallback binary has only these). */
  private static long shardSubscribers(RespClient admin, String channel) {
    long classic = (Long) ((List<?>) admin.call("PUBSUB", "NUMSUB", channel)).get(1);
    try {
      return classic + (Long) ((List<?>) admin.call("PUBSUB", "SHARDNUMSUB", channel)).get(1);
    } catch (RespClient.RedisError redis6) {
      return classic;
    }
  }

  /** Channels one client is subscribed to, of either kind. */
  private static String channels(Map<String, String> client) {
    return String.valueOf(Long.parseLong(client.getOrDefault("sub", "0")) + Long.parseLong(client.getOrDefault("ssub", "0")));
  }

  private static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
    return Eventually.until("the subscription count to settle", Duration.ofSeconds(5), Duration.ofMillis(25), probe, done);
  }

  @Test
  void concurrentCommandsShareOneConnection() throws Exception {
    String prefix = "c" + Ids.random(6);
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), prefix));
         RespClient admin = redis.client()) {
      Api api = node.api();
      // 64 rooms made by 16 threads at once: with a connection per command in flight this opened a dozen.
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
      try {
        List<java.util.concurrent.Future<Api.Room>> made = new ArrayList<>();
        for (int i = 0; i < 64; i++) made.add(pool.submit(() -> api.createRoom(60, 2)));
        for (java.util.concurrent.Future<Api.Room> f : made) assertThat(f.get().roomId()).isNotBlank();
      } finally {
        pool.shutdownNow();
      }
      String me = String.valueOf(admin.call("CLIENT", "ID"));
      long commands = clients(admin, false).stream().filter(c -> !me.equals(c.get("id"))).count();
      // The command connection, plus at most the idle pooled one that loaded the scripts at start-up.
      assertThat(commands).as("the node's command connections").isBetween(1L, 2L);
    }
  }

  @Test
  void oneConnectionOneChannelPerRoomAndUnsubscribeWithTheLastSocket() throws Exception {
    String prefix = "n" + Ids.random(6);
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), prefix));
         RespClient admin = redis.client()) {
      Api api = node.api();
      List<Api.Room> rooms = List.of(api.createRoom(60, 2), api.createRoom(60, 2), api.createRoom(60, 2));
      List<TestSocket> sockets = new ArrayList<>();
      try {
        for (Api.Room r : rooms) sockets.add(TestSocket.joined(api.base(), api.join(r), null));
        TestSocket secondInFirstRoom = TestSocket.joined(api.base(), api.join(rooms.get(0)), null);
        sockets.add(secondInFirstRoom);

        List<Map<String, String>> subs = subscribers(admin);
        assertThat(subs).as("pub/sub connections of the node").hasSize(1);
        assertThat(channels(subs.get(0))).as("channels of that connection").isEqualTo("3");
        for (Api.Room r : rooms) {
          assertThat(shardSubscribers(admin, new RoomKeys(prefix, r.roomId()).channel)).isEqualTo(1L);
        }

        // One of the first room's two sockets closes: the room still has a socket here, so stays subscribed.
        sockets.get(0).close();
        Thread.sleep(300);
        assertThat(channels(subscribers(admin).get(0))).isEqualTo("3");

        // Its last socket closes: the channel goes, the connection stays for the other rooms.
        secondInFirstRoom.close();
        String firstChannel = new RoomKeys(prefix, rooms.get(0).roomId()).channel;
        assertThat(eventually(() -> shardSubscribers(admin, firstChannel), n -> n == 0L)).isEqualTo(0L);
        subs = subscribers(admin);
        assertThat(subs).hasSize(1);
        assertThat(channels(subs.get(0))).isEqualTo("2");
        assertThat(shardSubscribers(admin, new RoomKeys(prefix, rooms.get(1).roomId()).channel)).isEqualTo(1L);
      } finally {
        sockets.forEach(TestSocket::close);
      }
    }
  }
}
