package dev.vanish.server.testsupport;

import dev.vanish.server.VanishServer;
import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** A real Vanish node on a free port, in its own Vert.x, for tests. */
public final class TestNode implements AutoCloseable {

  private final Vertx vertx;
  private final VanishServer server;
  public final ServerConfig config;

  private TestNode(Vertx vertx, VanishServer server, ServerConfig config) {
    this.vertx = vertx;
    this.server = server;
    this.config = config;
  }

  /**
   * Test defaults: port 0, minimum TTL 1 s, history limit 50, seat grace 2 s; no per-IP limits nor a cap on
   * connections per IP (every test client is 127.0.0.1 — dev.vanish.server.limits tests them), the per-member
   * limits on messages and typing as in production, none on history reads.
   */
  public static ServerConfig testConfig() {
    ServerConfig c = ServerConfig.defaults().withPort(0).withLimits(1, 50, 2);
    Hardening h = c.hardening();
    // History reads are not limited: tests read the history to check what was stored, hundreds of times (the
    // fuzz suites); HistoryPagesTest sets a rate of its own to test the limit.
    return c.withHardening(h.withRates(Rate.OFF, Rate.OFF, h.messages(), h.typing()).withMessageBytes(Rate.OFF)
        .withHistoryRate(Rate.OFF).withSocketsPerIp(0).withLookups(Rate.OFF))
        .withNetwork(c.network().withConnectionsPerIp(0));
  }

  public static TestNode start(ServerConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      VanishServer server = VanishServer.start(vertx, config.withHost("127.0.0.1"))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new TestNode(vertx, server, config);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("node did not start", e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Api api() {
    return new Api(base());
  }

  public VanishServer server() {
    return server;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort in tests
    }
  }
}
