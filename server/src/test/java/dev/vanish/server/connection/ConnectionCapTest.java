package dev.vanish.server.connection;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RawHttp;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: one IP holding idle connections exhausted a node's file descriptors. With the cap (100 here),
 * 200 idle connections from 127.0.0.1 get 100 refusals (429 in the error shape, then closed), while
 * /healthz answers a client from another address (127.0.0.2) and a freed slot is usable again. Before the
 * cap all 200 stayed open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectionCapTest {

  static final int CAP = 100;

  @Test
  void twoHundredIdleConnectionsFromOneAddressGetTheCapAndAnotherAddressIsStillServed() {
    ServerConfig c = TestNode.testConfig();
    c = c.withNetwork(c.network().withConnectionsPerIp(CAP));
    List<RawHttp> idle = new ArrayList<>();
    try (TestNode node = TestNode.start(c)) {
      int port = node.server().port();
      for (int i = 0; i < 2 * CAP; i++) idle.add(RawHttp.connect(port));
      // A refused connection has its 429 waiting to be read; an accepted idle one has nothing.
      List<RawHttp> refused = Eventually.until("100 connections refused", Duration.ofSeconds(10), Duration.ofMillis(100),
          () -> idle.stream().filter(ConnectionCapTest::hasBytes).toList(), l -> l.size() == CAP);
      assertThat(refused).hasSize(CAP);
      RawHttp.Response answer = refused.get(0).read();
      assertThat(answer.status()).isEqualTo(429);
      assertThat(new JsonObject(answer.body()).fieldNames()).containsExactlyInAnyOrder("error", "message");
      assertThat(new JsonObject(answer.body()).getString("error")).isEqualTo("rate_limited");
      assertThat(refused.get(1).awaitClosed(2_000)).as("a refused connection is closed").isTrue();

      try (RawHttp other = RawHttp.connect(port, "127.0.0.2")) {
        long t0 = System.nanoTime();
        other.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(other.read().status()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
      }

      // Closing accepted connections frees their slots.
      List<RawHttp> accepted = idle.stream().filter(h -> !refused.contains(h)).toList();
      accepted.subList(0, 10).forEach(RawHttp::close);
      RawHttp again = Eventually.until("a freed slot taken", Duration.ofSeconds(5), Duration.ofMillis(100), () -> {
        RawHttp h = RawHttp.connect(port);
        idle.add(h);
        return h;
      }, h -> h.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") && h.read().status() == 200);
      assertThat(again).isNotNull();
    } finally {
      idle.forEach(RawHttp::close);
    }
  }

  private static boolean hasBytes(RawHttp h) {
    return h.available() > 0;
  }
}
