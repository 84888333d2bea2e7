// One Vanish node: wires the engine, the room and message services, the realtime hub and the HTTP routes,
// all on this verticle's single event loop (like Redis, one loop owns the state; more throughput comes
// from more nodes on the Redis engine, not from threads sharing rooms).
package dev.vanish.server;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.http.AccessLog;
import dev.vanish.server.http.Headers;
import dev.vanish.server.http.HttpErrors;
import dev.vanish.server.http.JsonIo;
import dev.vanish.server.http.LookupLimit;
import dev.vanish.server.http.MessageRoutes;
import dev.vanish.server.http.RoomRoutes;
import dev.vanish.server.http.SystemRoutes;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.config.TrustedProxies;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.metrics.PrometheusMetrics;
import dev.vanish.server.realtime.Command;
import dev.vanish.server.realtime.Hub;
import dev.vanish.server.realtime.SendCommand;
import dev.vanish.server.realtime.SocketEndpoint;
import dev.vanish.server.realtime.TypingCommand;
import dev.vanish.server.room.Ids;
import dev.vanish.server.room.RoomService;
import dev.vanish.server.web.WebRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class VanishVerticle extends VerticleBase {

  /** Largest request body and WebSocket message accepted. */
  public static final int MAX_REQUEST_BYTES = 64 * 1024;
  /**
   * Seconds a socket's TCP connection outlives the server's close frame when the peer does not answer it
   * (Vert.x waits 10 s by default): how long a slow or mute peer, and its backlog, can linger after closing.
   */
  public static final int CLOSING_TIMEOUT_SECONDS = 2;
  /**
   * SO_SNDBUF of every connection. Left to itself Linux grows a socket's send buffer up to tcp_wmem's
   * maximum (4 MiB) for a peer that stopped reading, hiding the backlog from the slow-reader check; a fixed
   * 128 KiB (the kernel doubles it) is plenty for chat frames and keeps the bound real.
   */
  public static final int SEND_BUFFER_BYTES = 128 * 1024;

  private final ServerConfig config;
  private final NodeMetrics metrics;
  private Engine engine;
  private Hub hub;
  private HttpServer server;

  public VanishVerticle(ServerConfig config) {
    this(config, NodeMetrics.NONE);
  }

  public VanishVerticle(ServerConfig config, NodeMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Storage storage = Storage.of(vertx, config, metrics);
    engine = storage.engine();
    RoomService rooms = new RoomService(engine, config);
    Hardening hardening = config.hardening();
    Limiter limiter = new Limiter(storage.limits(), hardening);
    ClientIp clientIp = new ClientIp(TrustedProxies.parse(hardening.trustedProxies()));
    MessageService messages = new MessageService(engine, limiter, metrics);
    hub = new Hub(vertx, engine, Ids.random(9), rooms.graceMillis());
    hub.useMetrics(metrics);
    // The client frame types after the hello, each registered once by its name (docs/PROTOCOL.md §6).
    Map<String, Command> commands = Map.of(
        "send", new SendCommand(messages),
        "typing", new TypingCommand(engine, limiter));

    Router router = Router.router(vertx);
    if (hardening.accessLog()) AccessLog.install(router);
    Headers.install(router, hardening.https());
    HttpErrors.install(router);
    WebRoutes web = new WebRoutes();
    web.serveShellForUndecodableRoomLinks(router, HttpErrors::badRequest);
    // Everything under /api/v1 on one sub-router with one failure handler.
    Router api = Router.router(vertx);
    new LookupLimit(limiter, clientIp).mount(api); // ahead of the one failure handler: it may turn 401/404 into 429
    api.route().failureHandler(HttpErrors::failure);
    Handler<RoutingContext> body = JsonIo.bodyReader(MAX_REQUEST_BYTES);
    new SystemRoutes(config, engine).mount(router, api);
    if (metrics instanceof PrometheusMetrics p) SystemRoutes.mountMetrics(router, p.scrapeHandler());
    new RoomRoutes(rooms, config, limiter, clientIp).mount(api, body);
    new MessageRoutes(rooms, messages, clientIp).mount(api, body);
    new SocketEndpoint(vertx, rooms, messages, hub, commands, clientIp, hardening, limiter).mount(api);
    router.route("/api/v1/*").subRouter(api);
    web.mount(router);

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host()).setPort(config.port())
        .setMaxWebSocketFrameSize(MAX_REQUEST_BYTES)
        .setMaxWebSocketMessageSize(MAX_REQUEST_BYTES)
        .setCompressionSupported(false)
        .setWebSocketClosingTimeout(CLOSING_TIMEOUT_SECONDS)
        .setSendBufferSize(SEND_BUFFER_BYTES);
    return engine.start(hub)
        .compose(v -> limiter.start())
        .compose(v -> {
          hub.start();
          return vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(HttpErrors::invalidRequest).listen();
        })
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    if (hub != null) {
      hub.stop();
      hub.closeAll();
    }
    // Stop accepting, let in-flight requests finish (bounded), then release the engine.
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    return closed.compose(v -> engine == null ? Future.succeededFuture() : engine.close());
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Engine engine() {
    return engine;
  }

  /** The node's event loop: tests read the hub's state on it. */
  public Context context() {
    return context;
  }

  public Hub hub() {
    return hub;
  }
}
