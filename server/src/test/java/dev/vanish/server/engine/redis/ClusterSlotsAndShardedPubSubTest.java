// What only a Redis Cluster shows of the Redis engine (EngineContractTest runs the shared contract on one):
// every key of a room in one slot on one master, scripts loaded on every master, room channels subscribed
// with SSUBSCRIBE once on the master that owns the room's slot, and every room resubscribed by the engine
// itself after its pub/sub connections are killed. One private 3-master cluster for the class, a fresh key
// prefix per test.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineTestBase;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RedisClusterProcess;
import dev.vanish.server.testsupport.RespClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSlotsAndShardedPubSubTest extends EngineTestBase {

  private static RedisClusterProcess cluster;
  private String prefix;

  @BeforeAll
  static void startCluster() {
    cluster = new RedisClusterProcess();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    prefix = "c" + randomId().substring(0, 8);
    return new RedisEngine(vertx, cluster.url(), prefix, historyLimit);
  }

  @Test
  void usesShardedPubSubOnRedis7() {
    assertThat(((RedisEngine) engine).sharded()).isTrue();
  }

  @Test
  void roomsSpreadOverMastersAndEachRoomsKeysShareOneSlot() throws Exception {
    Set<Integer> owners = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      RoomMeta room = newRoom(2);
      String a = randomId();
      seat(room, a, randomId(), now() + 60_000);
      call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
      call(() -> engine.appendMessage(room.roomId(), a, "Ym9keQ", now()));
      Map<String, Integer> keys = cluster.keysContaining(room.roomId());
      assertThat(keys).hasSize(8);
      int owner = cluster.ownerOf(new RoomKeys(prefix, room.roomId()).meta);
      assertThat(Set.copyOf(keys.values())).as("nodes holding room keys").containsExactly(owner);
      try (RespClient c = cluster.client(owner)) {
        Set<Long> slots = new HashSet<>();
        for (String k : keys.keySet()) slots.add((Long) c.call("CLUSTER", "KEYSLOT", k));
        slots.add((Long) c.call("CLUSTER", "KEYSLOT", new RoomKeys(prefix, room.roomId()).channel));
        assertThat(slots).as("slots of the room's keys and channel").hasSize(1);
      }
      owners.add(owner);
    }
    // 12 random rooms all on one of three masters would be a 1-in-177,147 fluke: the test would be meaningless.
    assertThat(owners).as("masters holding rooms").hasSizeGreaterThan(1);
  }

  @Test
  void eachRoomChannelIsSubscribedOnceOnTheMasterOwningItsSlot() throws Exception {
    List<RoomMeta> rooms = new ArrayList<>();
    for (int i = 0; i < 6; i++) rooms.add(newRoom(2));
    for (RoomMeta r : rooms) call(() -> engine.subscribe(r.roomId()));
    for (RoomMeta r : rooms) {
      String channel = new RoomKeys(prefix, r.roomId()).channel;
      int owner = cluster.ownerOf(channel);
      Map<Integer, Long> subs = cluster.shardSubscribers(channel);
      assertThat(subs.get(owner)).as("subscribers on the owner of " + channel).isEqualTo(1L);
      assertThat(subs.values().stream().mapToLong(Long::longValue).sum()).as("subscribers anywhere").isEqualTo(1L);
    }
    // Events published by scripts on each room's master reach this one subscriber.
    for (RoomMeta r : rooms) {
      call(() -> engine.publish(r.roomId(), RoomEvent.typing("m1")));
      Seen seen = events.poll(5, TimeUnit.SECONDS);
      assertThat(seen).isNotNull();
      assertThat(seen.roomId()).isEqualTo(r.roomId());
      assertThat(seen.event().kind()).isEqualTo(RoomEvent.Kind.TYPING);
    }
    RoomMeta gone = rooms.get(0);
    call(() -> engine.unsubscribe(gone.roomId()));
    String channel = new RoomKeys(prefix, gone.roomId()).channel;
    Eventually.until("no subscriber of " + channel + " on any master", Duration.ofSeconds(3),
        () -> cluster.shardSubscribers(channel), subs -> subs.values().stream().mapToLong(Long::longValue).sum() == 0);
    assertThat(cluster.shardSubscribers(channel).values()).allMatch(n -> n == 0L);
  }

  @Test
  void scriptsAreLoadedOnEveryMasterAtStart() throws Exception {
    for (int port : cluster.ports()) {
      try (RespClient c = cluster.client(port)) {
        c.call("SCRIPT", "FLUSH");
      }
    }
    Engine fresh = new RedisEngine(vertx, cluster.url(), "f" + randomId().substring(0, 6), HISTORY_LIMIT);
    call(() -> fresh.start((roomId, event) -> { }));
    try {
      for (int port : cluster.ports()) {
        try (RespClient c = cluster.client(port)) {
          for (LuaScript script : LuaScript.values()) {
            assertThat(c.call("SCRIPT", "EXISTS", script.sha(PubSubKind.SHARDED))).as(script + " on " + port).isEqualTo(List.of(1L));
          }
        }
      }
    } finally {
      call(fresh::close);
    }
  }

  @Test
  void afterItsPubSubConnectionsAreKilledTheEngineResubscribesEveryRoomByItself() throws Exception {
    BlockingQueue<String> signals = new LinkedBlockingQueue<>();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    String px = "k" + randomId().substring(0, 6);
    Engine own = new RedisEngine(vertx, cluster.url(), px, HISTORY_LIMIT);
    call(() -> own.start(new EventSink() {
      @Override public void onEvent(String roomId, RoomEvent event) { seen.add(roomId); }
      @Override public void connectionLost() { signals.add("lost"); }
      @Override public void connectionRestored() { signals.add("restored"); }
    }));
    try {
      List<String> rooms = new ArrayList<>();
      for (int i = 0; i < 6; i++) rooms.add(randomId());
      for (String r : rooms) call(() -> own.subscribe(r));
      for (int port : cluster.ports()) {
        try (RespClient c = cluster.client(port)) {
          c.call("CLIENT", "KILL", "TYPE", "pubsub");
        }
      }
      assertThat(signals.poll(5, TimeUnit.SECONDS)).isEqualTo("lost");
      assertThat(signals.poll(10, TimeUnit.SECONDS)).isEqualTo("restored");
      for (String r : rooms) {
        String channel = new RoomKeys(px, r).channel;
        assertThat(cluster.shardSubscribers(channel).get(cluster.ownerOf(channel))).as(channel).isEqualTo(1L);
        call(() -> own.publish(r, RoomEvent.typing("m1")));
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(r);
      }
    } finally {
      call(own::close);
    }
  }
}
