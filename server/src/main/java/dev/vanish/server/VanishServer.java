// Starts and stops one node in a given Vert.x instance: what `vanish serve` and the tests call.
package dev.vanish.server;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class VanishServer {

  private final Vertx vertx;
  private final VanishVerticle verticle;
  private String deploymentId;

  private VanishServer(Vertx vertx, VanishVerticle verticle) {
    this.vertx = vertx;
    this.verticle = verticle;
  }

  public static Future<VanishServer> start(Vertx vertx, ServerConfig config) {
    return start(vertx, config, NodeMetrics.NONE);
  }

  /** With metrics: a {@link dev.vanish.server.metrics.PrometheusMetrics} also serves {@code /metrics} on its own listener (VANISH_METRICS_ADDRESS). */
  public static Future<VanishServer> start(Vertx vertx, ServerConfig config, NodeMetrics metrics) {
    VanishVerticle verticle = new VanishVerticle(config, metrics);
    VanishServer server = new VanishServer(vertx, verticle);
    return vertx.deployVerticle(verticle).map(id -> {
      server.deploymentId = id;
      return server;
    });
  }

  public int port() {
    return verticle.actualPort();
  }

  /** The port of the /metrics listener, or -1 when there is none. */
  public int metricsPort() {
    return verticle.metricsPort();
  }

  public String engineName() {
    return verticle.engine().name();
  }

  public VanishVerticle verticle() {
    return verticle;
  }

  public Future<Void> stop() {
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }
}
