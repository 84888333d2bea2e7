// Liveness, readiness, the limits clients read before creating a room, and the node's metrics route (on its
// own listener; the public port hides /metrics and everything under it).
package dev.vanish.server.http;

import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.config.FileLimits;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.Engine;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

public final class SystemRoutes {

  private final ServerConfig config;
  private final Engine engine;

  public SystemRoutes(ServerConfig config, Engine engine) {
    this.config = config;
    this.engine = engine;
  }

  /** Health checks at the root; the limits clients read on the API router ({@code GET /api/v1/config}). */
  public void mount(Router router, Router api) {
    Reads.get(router, "/healthz").handler(ctx -> JsonIo.send(ctx, 200, new JsonObject().put("status", "ok").put("engine", engine.name())));
    // Liveness (/healthz) says the process serves; readiness (/readyz) says its engine does, so a load
    // balancer can route around a node that lost Redis without restarting it.
    Reads.get(router, "/readyz").handler(ctx -> engine.ping()
        .timeout(2, TimeUnit.SECONDS)
        .onSuccess(v -> JsonIo.send(ctx, 200, new JsonObject().put("status", "ready").put("engine", engine.name())))
        .onFailure(e -> HttpErrors.write(ctx, VanishError.unavailable())));
    JsonObject limits = new JsonObject()
        .put("defaultTtlSeconds", config.defaultTtlSeconds())
        .put("minTtlSeconds", config.minTtlSeconds())
        .put("maxTtlSeconds", config.maxTtlSeconds())
        .put("minCapacity", ServerConfig.MIN_CAPACITY)
        .put("defaultCapacity", ServerConfig.DEFAULT_CAPACITY)
        .put("maxCapacity", config.maxCapacity())
        .put("maxBodyChars", ServerConfig.MAX_BODY_CHARS)
        .put("maxFileBytes", config.files().maxFileBytes())
        .put("roomFileBytes", config.files().roomFileBytes())
        .put("fileChunkBytes", FileLimits.CHUNK_BYTES);
    Reads.get(api, "/config").handler(ctx -> JsonIo.send(ctx, 200, limits));
  }

  /**
   * {@code GET /metrics} (Prometheus text), mounted on the node's metrics listener only (VANISH_METRICS_ADDRESS;
   * VanishVerticle): it names no room, member or address, but its timings are nobody else's business.
   */
  public static void mountMetrics(Router router, Handler<RoutingContext> scrape) {
    router.get("/metrics").handler(scrape);
  }

  /** The public port: {@code /metrics} and everything under it is not found, whatever else would match it. */
  public static void hideMetrics(Router router) {
    router.routeWithRegex("/metrics(/.*)?").handler(ctx -> HttpErrors.write(ctx, VanishError.of(ErrorCode.NOT_FOUND)));
  }
}
