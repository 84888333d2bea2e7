// One Vanish node: wires the engine, the room and message services, the realtime hub and the HTTP routes,
// all on this verticle's single event loop (like Redis, one loop owns the state; more throughput comes
// from more nodes on the Redis engine, not from threads sharing rooms).
package dev.vanish.server;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Network;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.connection.ConnectionGuard;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.file.FileService;
import dev.vanish.server.http.AccessLog;
import dev.vanish.server.http.FileRoutes;
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
import dev.vanish.server.web.WebRelease;
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
  private HttpServer metricsServer;
  private Router router;

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
    RoomService rooms = new RoomService(vertx, engine, config);
    Hardening hardening = config.hardening();
    Limiter limiter = new Limiter(storage.limits(), hardening);
    TrustedProxies proxies = TrustedProxies.parse(hardening.trustedProxies());
    ClientIp clientIp = new ClientIp(proxies);
    MessageService messages = new MessageService(engine, limiter, metrics);
    hub = new Hub(vertx, engine, Ids.random(9), rooms.graceMillis());
    hub.useMetrics(metrics);
    // The client frame types after the hello, each registered once by its name (docs/PROTOCOL.md §6).
    Map<String, Command> commands = Map.of(
        "send", new SendCommand(messages),
        "typing", new TypingCommand(engine, limiter));

    router = Router.router(vertx);
    if (hardening.accessLog()) AccessLog.install(router);
    WebRelease page = WebRelease.builtIn();
    Headers.install(router, hardening.https(), Headers.csp(page.inlineScriptHash()));
    HttpErrors.install(router);
    WebRoutes web = new WebRoutes(page);
    web.serveShellForUndecodableRoomLinks(router, HttpErrors::badRequest);
    // Everything under /api/v1 on one sub-router with one failure handler.
    Router api = Router.router(vertx);
    new LookupLimit(limiter, clientIp).mount(api); // ahead of the one failure handler: it may turn 401/404 into 429
    api.route().failureHandler(HttpErrors::failure);
    Handler<RoutingContext> body = JsonIo.bodyReader(MAX_REQUEST_BYTES);
    new SystemRoutes(config, engine).mount(router, api);
    SystemRoutes.hideMetrics(router);
    new RoomRoutes(rooms, config, limiter, clientIp).mount(api, body);
    new MessageRoutes(rooms, messages, clientIp).mount(api, body);
    new FileRoutes(rooms, new FileService(engine, limiter, config.files()), clientIp).mount(api, body);
    new SocketEndpoint(vertx, rooms, messages, hub, commands, clientIp, hardening, limiter).mount(api);
    router.route("/api/v1/*").subRouter(api);
    web.mount(router);

    Network network = config.network();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host()).setPort(config.port())
        .setMaxWebSocketFrameSize(MAX_REQUEST_BYTES)
        .setMaxWebSocketMessageSize(MAX_REQUEST_BYTES)
        .setCompressionSupported(false)
        .setWebSocketClosingTimeout(CLOSING_TIMEOUT_SECONDS)
        .setSendBufferSize(SEND_BUFFER_BYTES)
        // Cleartext HTTP/2 lets one connection hold many streams (issue 14: 12 streams pinned 360 MB); off
        // unless configured. Offer HTTP/2 at the proxy instead (docs/DEPLOY.md).
        .setHttp2ClearTextEnabled(network.h2c())
        // Closes HTTP connections without traffic (kept-alive ones between requests); ConnectionGuard's
        // decoder removes it from a connection that becomes a WebSocket.
        .setIdleTimeout((int) network.httpIdleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ConnectionGuard guard = new ConnectionGuard(network, proxies, options);
    return engine.start(hub)
        .compose(v -> limiter.start())
        .compose(v -> {
          rooms.challenges().useKey(limiter.derivedKey("vanish/challenge"));
          hub.start();
          return vertx.createHttpServer(options).connectionHandler(guard).requestHandler(router)
              .invalidRequestHandler(HttpErrors::invalidRequest).exceptionHandler(OutOfMemoryExit::check).listen();
        })
        .onSuccess(s -> server = s)
        .compose(s -> listenForMetrics(network))
        .onSuccess(s -> metricsServer = s);
  }

  /**
   * {@code GET /metrics} on its own listener (VANISH_METRICS_ADDRESS, loopback by default), so a node exposed
   * directly never shows its message timing to the world; the public port answers 404 there. Null when the
   * node has no Prometheus registry (in-process test nodes) or the address is off.
   */
  private Future<HttpServer> listenForMetrics(Network network) {
    if (!(metrics instanceof PrometheusMetrics p) || network.metricsAddress() == null) return Future.succeededFuture();
    Router scrape = Router.router(vertx);
    HttpErrors.install(scrape);
    SystemRoutes.mountMetrics(scrape, p.scrapeHandler());
    // h2c off here too: Java's HttpClient asks for h2c on a connection's first request, and with h2c on a
    // scrape of a node process once hung until this listener's idle timeout cut it (TwoNodesTest.
    // metricsAreScrapedPerNode…: "EOF reached while reading" in Http2Connection after 30.2 s) — the hang
    // commits b3efc96/211923c met. In HTTP/1.1 the same scrape takes milliseconds.
    return vertx.createHttpServer(new HttpServerOptions().setHost(network.metricsHost()).setPort(network.metricsPort())
            .setHttp2ClearTextEnabled(false).setIdleTimeout(30))
        .requestHandler(scrape).listen()
        .recover(e -> Future.failedFuture(new ListenFailure("VANISH_METRICS_ADDRESS",
            network.metricsHost() + ":" + network.metricsPort(), e)));
  }

  /**
   * A listener that could not bind, naming the setting behind its address, so `serve` says which one (two
   * nodes on one machine with the default metrics address: ServeCommandTest.aTakenMetricsAddressIsNamed).
   */
  public static final class ListenFailure extends RuntimeException {
    ListenFailure(String setting, String address, Throwable cause) {
      super(setting + ": cannot listen on " + address + ": " + cause.getMessage(), cause);
    }
  }

  @Override
  public Future<?> stop() {
    if (hub != null) {
      hub.stop();
      hub.closeAll();
    }
    // Stop accepting, let in-flight requests finish (bounded), then release the engine.
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    if (metricsServer != null) closed = closed.eventually(() -> metricsServer.close());
    return closed.compose(v -> engine == null ? Future.succeededFuture() : engine.close());
  }

  /** The public port's router as started (its /api/v1 sub-router under it): what OpenApiTest walks. */
  public Router router() {
    return router;
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The port /metrics listens on, or -1 when it does not. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.actualPort();
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
