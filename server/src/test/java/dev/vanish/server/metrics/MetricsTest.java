package dev.vanish.server.metrics;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.vanish.server.testsupport.NodeProcess.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} of a real `serve` process, on its own listener (VANISH_METRICS_ADDRESS; the public port
 * answers 404 for it and everything under it): Prometheus text with Vanish's own meters, Vert.x's HTTP
 * metrics and the JVM's, moving with a small conversation, and nothing that identifies a room, member or
 * client address.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MetricsTest {

  @Test
  void aConversationMovesTheMetricsAndNamesNobody() throws Exception {
    try (NodeProcess node = NodeProcess.start(NodeProcess.testEnv(null, null))) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      Api.Member alice = api.join(room);
      Api.Member bob = api.join(room);
      String scrape;
      try (TestSocket sa = TestSocket.joined(node.base(), alice, null); TestSocket sb = TestSocket.joined(node.base(), bob, null)) {
        for (int i = 0; i < 3; i++) {
          String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext("alice", "m" + i));
          sa.sendJson(new JsonObject().put("type", "send").put("body", body).put("ref", i));
          sa.await("ack");
          sb.await("message");
        }
        api.send(bob, "over http");
        sa.await("message");
        sb.await("message");
        sb.sendJson(new JsonObject().put("type", "typing"));
        sa.await("typing");

        Api.Reply r = new Api(node.metricsBase()).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        scrape = r.raw();
        assertThat(metric(scrape, "vanish_open_sockets")).isEqualTo(2);
        assertThat(metric(scrape, "vanish_local_rooms")).isEqualTo(1);
      }
      assertThat(metric(scrape, "vanish_messages_in_total")).isEqualTo(4);
      // 4 messages to 2 sockets, 1 typing notice to 1, plus presence frames.
      assertThat(metric(scrape, "vanish_frames_out_total")).isGreaterThanOrEqualTo(9);
      assertThat(metric(scrape, "vanish_fanout_seconds_count")).isGreaterThanOrEqualTo(5);
      assertThat(metric(scrape, "vanish_fanout_seconds_bucket")).isPositive();
      assertThat(scrape).contains("vanish_fanout_seconds_bucket{le=\"+Inf\"}");
      assertThat(metric(scrape, "vanish_publish_seconds_count")).isEqualTo(4);
      assertThat(metric(scrape, "vanish_engine_errors_total")).isZero();
      assertThat(scrape).contains("vanish_engine_connection_lost_total 0.0");
      assertThat(metric(scrape, "vertx_http_server_requests_total")).isGreaterThanOrEqualTo(5);
      assertThat(metric(scrape, "jvm_memory_used_bytes")).isPositive();
      assertThat(metric(scrape, "jvm_threads_live_threads")).isPositive();
      assertThat(metric(scrape, "process_uptime_seconds")).isPositive();
      assertThat(scrape).contains("jvm_gc_").contains("system_cpu_count");

      assertThat(scrape).doesNotContain(room.roomId()).doesNotContain(alice.memberId()).doesNotContain(bob.memberId())
          .doesNotContain(alice.token()).doesNotContain("127.0.0.1").doesNotContain("/api/v1");

      // After the sockets closed the gauges fall back (the hub forgets the room).
      Eventually.untilTrue("gauges back to 0", Duration.ofSeconds(5),
          () -> node.metric("vanish_open_sockets") == 0 && node.metric("vanish_local_rooms") == 0);
    }
  }

  @Test
  void metricsAreOnTheirOwnListenerAndNotFoundOnThePublicPort() {
    try (NodeProcess node = NodeProcess.start(NodeProcess.testEnv(null, null))) {
      assertThat(node.metricsBase()).startsWith("http://127.0.0.1:").isNotEqualTo(node.base());
      Api metrics = new Api(node.metricsBase());
      assertThat(metrics.get("/metrics").status()).isEqualTo(200);
      assertThat(metrics.get("/metrics").raw()).contains("# TYPE vanish_messages_in_total counter");
      for (String path : new String[] {"/metrics", "/metrics/", "/metrics/x", "/metrics?x=1"}) {
        Api.Reply r = node.api().get(path);
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.error()).as(path).isEqualTo("not_found");
        assertThat(r.raw()).as(path).doesNotContain("vanish_");
      }
      // The metrics listener serves nothing else.
      assertThat(metrics.get("/healthz").status()).isEqualTo(404);
    }
  }

  @Test
  void metricsOffMeansNoListenerAndStill404OnThePublicPort() {
    var env = NodeProcess.testEnv(null, null);
    env.put("VANISH_METRICS_ADDRESS", "off");
    try (NodeProcess node = NodeProcess.start(env)) {
      assertThat(node.log()).doesNotContain("metrics on");
      assertThat(node.api().get("/metrics").status()).isEqualTo(404);
    }
  }

  @Test
  void engineFailuresAreCountedByOperation() throws Exception {
    RedisServerProcess redis = new RedisServerProcess();
    try (NodeProcess node = NodeProcess.start(NodeProcess.testEnv(redis.url(), "m" + System.nanoTime()))) {
      redis.stop();
      Api.Reply r = node.api().tryCreateRoom();
      assertThat(r.status()).isEqualTo(503);
      String scrape = node.metricsText();
      assertThat(metric(scrape, "vanish_engine_errors_total")).isPositive();
      assertThat(scrape).contains("vanish_engine_errors_total{operation=\"create_room\"}");
      // The pub/sub connection went with Redis: counted once, however many reconnects fail after it.
      if (metric(scrape, "vanish_engine_connection_lost_total") == 0) {
        scrape = Eventually.until("vanish_engine_connection_lost_total counted", Duration.ofSeconds(5), Duration.ofMillis(100),
            node::metricsText, text -> metric(text, "vanish_engine_connection_lost_total") != 0);
      }
      assertThat(metric(scrape, "vanish_engine_connection_lost_total")).isEqualTo(1);
    } finally {
      redis.close();
    }
  }

  @Test
  void anInProcessNodeWithoutMetricsHasNoMetricsRoute() {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      assertThat(node.api().get("/metrics").status()).isEqualTo(404);
    }
  }
}
