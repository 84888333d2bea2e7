// What only a Redis Cluster reached over TLS shows of the Redis engine (EngineContractTest runs the shared
// contract on one): every connection of the engine, pooled or pub/sub, speaks TLS — the test's own inspection
// connection is the only plain one on each node.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineTestBase;
import dev.vanish.server.testsupport.RedisClusterProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TlsClusterConnectionsTest extends EngineTestBase {

  private static RedisClusterProcess cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new RedisClusterProcess(true);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    return new RedisEngine(vertx, cluster.tlsUrl(), cluster.caFile(), "c" + randomId().substring(0, 8), historyLimit);
  }

  @Test
  void everyConnectionOfTheEngineIsTls() throws Exception {
    newRoom(2);
    for (int port : cluster.ports()) {
      try (var c = cluster.client(port)) {
        // The test's own inspection connection is the only plain one on each node.
        String clients = String.valueOf(c.call("CLIENT", "LIST"));
        List<String> plain = clients.lines().filter(l -> l.contains("laddr=127.0.0.1:" + port + " ")).toList();
        assertThat(plain).as("plain connections on node " + port).hasSize(1);
      }
    }
  }
}
