package dev.vanish.bench;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.RedisClusterProcess;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's Redis pub/sub connection under continuous traffic, driven by the real load generator against a
 * node process on a private Redis, for longer than several of the subscriber's 5-second liveness probes.
 * These are the runs that found issue 12: a PING answered on a busy RESP3 connection lost its reply to the
 * push handler (the client hands the waiting PING's slot to whichever push arrives first), so a healthy
 * connection was declared dead every few seconds, every socket was told {@code unavailable}, and the catch-up
 * that followed skipped messages. A healthy connection must never be declared lost, and a connection that
 * really is lost (killed by Redis) must cost no acknowledged message.
 *
 * <p>Durations: each run covers at least two probes (11 s, the Redis 7 one three: 15 s); the bug declared a
 * healthy connection dead within the first probe or two. They were 16–30 s, 184 s of the suite's 15 minutes.
 */
class RedisSubscriberUnderLoadTest {

  private static final String LOST = "vanish_engine_connection_lost_total";

  @Test
  @Timeout(180)
  void fifteenSecondsOfTrafficOnRedis7SeeNoOutageAndLoseNothing() {
    try (RedisServerProcess redis = new RedisServerProcess();
         NodeProcess node = NodeProcess.start(NodeProcess.testEnv(redis.url(), "l" + Ids.random(6)))) {
      JsonObject r = run(node, "200", "2", "2", "15s");
      assertClean(r, node);
    }
  }

  @Test
  @Timeout(180)
  void trafficOnRedis6SeesNoOutageAndLosesNothing() {
    try (RedisServerProcess redis = RedisServerProcess.redis6();
         NodeProcess node = NodeProcess.start(NodeProcess.testEnv(redis.url(), "l" + Ids.random(6)))) {
      JsonObject r = run(node, "200", "2", "2", "11s");
      assertClean(r, node);
    }
  }

  @Test
  @Timeout(240)
  void trafficOnAClusterSeesNoOutageAndLosesNothing() {
    try (RedisClusterProcess cluster = new RedisClusterProcess();
         NodeProcess node = NodeProcess.start(NodeProcess.testEnv(cluster.url(), "l" + Ids.random(6)))) {
      JsonObject r = run(node, "200", "2", "2", "11s");
      assertClean(r, node);
    }
  }

  @Test
  @Timeout(300)
  void fiveThousandRoomsJoinedInABurstSeeNoOutageAndLoseNothing() {
    // Seats held 30 s, not the tests' 2 s: on a loaded machine some of 10,000 hellos came later than 2 s after
    // their join and were refused unauthorized (64 of them once), which is not what this test is about.
    try (RedisServerProcess redis = new RedisServerProcess();
         NodeProcess node = NodeProcess.start(withSeatGrace(NodeProcess.testEnv(redis.url(), "b" + Ids.random(6)), 30), "-Xmx640m")) {
      // 10,000 members at 5,000 a second: 5,000 SSUBSCRIBEs in about a second, probes answered meanwhile.
      Bench b = Bench.run("--server", node.base(), "--rooms", "5000", "--members", "2", "--rate", "0.1",
          "--ramp", "5000", "--duration", "11s", "--warmup", "0", "--drain", "15s", "--threads", "2", "--json");
      JsonObject r = b.json().getJsonObject("vanish");
      assertThat(r.getInteger("connected")).as("connected; errors %s", r.getValue("errorKinds")).isEqualTo(10_000);
      assertClean(r, node);
    }
  }

  @Test
  @Timeout(180)
  void aPubSubConnectionKilledUnderLoadCostsNoAcknowledgedMessage() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         NodeProcess node = NodeProcess.start(NodeProcess.testEnv(redis.url(), "k" + Ids.random(6)))) {
      int killed = killThreeTimesUnderLoad(node, () -> killPubSub(redis.client()));
      assertThat(killed).as("pub/sub connections killed").isEqualTo(3);
      assertThat(node.metric(LOST)).as(LOST).isEqualTo(3.0);
    }
  }

  @Test
  @Timeout(240)
  void pubSubConnectionsKilledOnAClusterUnderLoadCostNoAcknowledgedMessage() throws Exception {
    try (RedisClusterProcess cluster = new RedisClusterProcess();
         NodeProcess node = NodeProcess.start(NodeProcess.testEnv(cluster.url(), "k" + Ids.random(6)))) {
      // The node's cluster subscriber holds one connection per master: kill them all.
      int killed = killThreeTimesUnderLoad(node,
          () -> cluster.ports().stream().mapToInt(port -> killPubSub(cluster.client(port))).sum());
      assertThat(killed).as("pub/sub connections killed").isGreaterThanOrEqualTo(3);
      assertThat(node.metric(LOST)).as(LOST).isGreaterThanOrEqualTo(3.0);
    }
  }

  private static Map<String, String> withSeatGrace(Map<String, String> env, int seconds) {
    env.put("VANISH_SEAT_GRACE_SECONDS", Integer.toString(seconds));
    return env;
  }

  /** CLIENT KILL TYPE pubsub on one Redis: how many connections it cut. */
  private static int killPubSub(RespClient admin) {
    try (admin) {
      return ((Long) admin.call("CLIENT", "KILL", "TYPE", "pubsub")).intValue();
    }
  }

  /**
   * 200 rooms × 2 at 5 msg/s for 17 s while {@code kill} runs three times, 4 s apart (at 5, 9 and 13 s), once members are sending
   * (connecting 400 takes about a second); asserts no acknowledged message was lost or doubled and that being
   * told of the outage was the only error. Returns the connections killed.
   */
  private static int killThreeTimesUnderLoad(NodeProcess node, IntSupplier kill) throws InterruptedException {
    AtomicInteger killed = new AtomicInteger();
    Thread killer = new Thread(() -> {
      try {
        Thread.sleep(5_000);
        for (int i = 0; i < 3; i++) {
          killed.addAndGet(kill.getAsInt());
          Thread.sleep(4_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    JsonObject r = run(node, "200", "2", "5", "17s");
    killer.join();
    assertThat(r.getLong("lost")).as("acknowledged messages never delivered").isZero();
    assertThat(r.getLong("duplicates")).isZero();
    assertThat(r.getLong("delivered")).isEqualTo(r.getLong("expected")).isPositive();
    assertThat(r.getJsonObject("errorKinds").fieldNames()).as(r.getJsonObject("errorKinds") + "; node log: " + tail(node.log()))
        .isSubsetOf("server:unavailable");
    return killed.get();
  }

  private static JsonObject run(NodeProcess node, String rooms, String members, String rate, String duration) {
    Bench b = Bench.run("--server", node.base(), "--rooms", rooms, "--members", members, "--rate", rate,
        "--duration", duration, "--warmup", "0", "--drain", "15s", "--threads", "2", "--json");
    return b.json().getJsonObject("vanish");
  }

  private static void assertClean(JsonObject r, NodeProcess node) {
    assertThat(r.getLong("sent")).isPositive();
    assertThat(r.getJsonObject("errorKinds").encode()).as("errors (unavailable frames, reconnects)").isEqualTo("{}");
    assertThat(r.getLong("lost")).as("acknowledged messages never delivered").isZero();
    assertThat(r.getLong("duplicates")).isZero();
    assertThat(r.getLong("delivered")).isEqualTo(r.getLong("expected"));
    assertThat(node.metric(LOST)).as(LOST + "; node log: " + tail(node.log())).isZero();
  }

  private static String tail(String log) {
    return log.length() > 3_000 ? log.substring(log.length() - 3_000) : log;
  }
}
