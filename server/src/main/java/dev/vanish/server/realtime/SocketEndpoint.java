// GET /api/v1/rooms/{roomId}/socket: the realtime protocol (docs/PROTOCOL.md §6). The first frame must be a
// hello with the member's token; the answer is a welcome, the history after the client's `after` (written
// with backpressure, page by page: HistoryReplay), then live frames. Later client frames are dispatched by their `type` to the Commands registered where the server is
// wired (VanishVerticle). Failures become error frames and close codes here, at the socket's edge, through the
// one classification (Failures) the HTTP edge uses too.
package dev.vanish.server.realtime;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.engine.HistoryPage;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.Failures;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class SocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SocketEndpoint.class);
  private static final long HELLO_TIMEOUT_MS = 10_000;
  /** Retry-After for a refused socket: there is no window, a socket of the address has to close first. */
  private static final long SOCKET_RETRY_SECONDS = 10;
  private static final VanishError NO_HELLO = VanishError.unauthorized("No hello frame arrived within 10 seconds.");

  private final Vertx vertx;
  private final RoomService rooms;
  private final MessageService messages;
  private final Hub hub;
  private final Map<String, Command> commands;
  private final Hardening limits;
  private final ClientIp clientIp;
  private final Limiter limiter;
  private final SocketOrigins origins;
  /** Open sockets per client IP on this node (VANISH_SOCKETS_PER_IP); entries go when they reach 0. */
  private final Map<String, Integer> socketsPerIp = new HashMap<>();

  /** @param commands the client frame types after the hello, by their {@code type} */
  public SocketEndpoint(Vertx vertx, RoomService rooms, MessageService messages, Hub hub, Map<String, Command> commands,
      ClientIp clientIp, Hardening limits, Limiter limiter) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.rooms = rooms;
    this.messages = messages;
    this.hub = hub;
    this.commands = Map.copyOf(commands);
    this.limits = limits;
    this.clientIp = clientIp;
    this.origins = new SocketOrigins(limits);
  }

  /** Mounts the socket's route on the API router (paths relative to /api/v1). */
  public void mount(Router api) {
    // HEAD too, as every GET of the API (http.Reads): a HEAD is never an upgrade, so it gets a plain GET's 400.
    api.route("/rooms/:roomId/socket").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      throw VanishError.invalid("This address accepts WebSocket connections only.");
    }
    // A page of another origin gets a short 403 before anything else: no socket, no per-IP count
    // (OriginCheckTest, anUpgradeFromAForeignPageIsRefused403).
    if (!origins.allows(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
      throw VanishError.forbidden("Sockets may be opened only from this server's own pages (VANISH_ALLOWED_ORIGINS lists others).");
    }
    String roomId = ctx.pathParam("roomId");
    // Refused before the upgrade, so a flood of sockets from one address costs a short HTTP answer each.
    String ip = clientIp.of(ctx.request());
    int open = socketsPerIp.getOrDefault(ip, 0);
    if (limits.socketsPerIp() > 0 && open >= limits.socketsPerIp()) {
      throw VanishError.rateLimited(SOCKET_RETRY_SECONDS, "open sockets from your address");
    }
    socketsPerIp.put(ip, open + 1);
    ctx.request().toWebSocket()
        .onSuccess(ws -> open(ws, roomId, ip))
        .onFailure(e -> {
          release(ip);
          LOG.debug("upgrade failed", e);
        });
  }

  private void release(String ip) {
    socketsPerIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Pings the socket; closes it with 1008 when its write queue stayed full for a whole ping interval (a reader
   * that does not drain, see Session), or with 4408 when nothing (no frame, no answer to our pings) came back
   * within the idle timeout.
   */
  private void ping(Session s) {
    if (s.isClosed()) return;
    long now = System.currentTimeMillis();
    if (s.stalled(now, limits.pingIntervalMs())) {
      s.closeWith(null, CloseCodes.SLOW_READER, "slow reader");
    } else if (now - s.lastHeard() > limits.idleTimeoutMs()) {
      s.closeWith(null, CloseCodes.IDLE, "idle");
    } else {
      s.socket().writePing(s.nextPing());
    }
  }

  private void open(ServerWebSocket ws, String roomId, String ip) {
    Session s = new Session(ws, limits.slowReaderBytes(), ip);
    s.timers(vertx.setTimer(HELLO_TIMEOUT_MS, t -> s.closeWithError(NO_HELLO)),
        vertx.setPeriodic(limits.pingIntervalMs(), t -> ping(s)));
    ws.pongHandler(s::pong);
    ws.textMessageHandler(text -> {
      s.heard();
      onText(s, roomId, text);
    });
    ws.binaryMessageHandler(b -> {
      s.heard();
      s.error(VanishError.invalid("Frames must be JSON text."), null);
    });
    ws.exceptionHandler(e -> {
      // Vert.x reports a message assembled from frames beyond the size limit here and keeps the socket;
      // the protocol says such a socket is closed with 1009.
      if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
        s.closeWith(null, CloseCodes.TOO_BIG, "message too big");
      } else {
        LOG.debug("socket error", e);
      }
    });
    ws.closeHandler(v -> {
      s.cancelTimers(vertx);
      release(ip);
      s.markClosed();
      hub.detach(s);
    });
  }

  private void onText(Session s, String roomId, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      if (s.firstFrame()) s.closeWithError(VanishError.unauthorized("The first frame must be a JSON hello."));
      else s.error(VanishError.invalid("Frames must be JSON objects."), null);
      return;
    }
    if (s.firstFrame()) {
      hello(s, roomId, frame);
    } else if (!s.holdEarly(frame)) {
      dispatch(s, frame);
    }
  }

  private void dispatch(Session s, JsonObject frame) {
    Object type = frame.getValue("type");
    Command cmd = type instanceof String t ? commands.get(t) : null;
    try {
      if (cmd == null) throw VanishError.invalid("type must be one of " + String.join(", ", commands.keySet()) + ".");
      cmd.run(s, frame);
    } catch (VanishError e) {
      s.error(e, Refs.echo(frame.getValue("ref")));
    }
  }

  private void hello(Session s, String roomId, JsonObject frame) {
    Object token = frame.getValue("token");
    Object version = frame.getValue("v");
    // A v1 client is told plainly (before its token is looked at): error unsupported_version, close 4400.
    if ("hello".equals(frame.getValue("type"))
        && !((version instanceof Integer || version instanceof Long)
            && ((Number) version).longValue() == Frames.PROTOCOL_VERSION)) {
      s.closeWithError(VanishError.unsupportedVersion());
      return;
    }
    if (!"hello".equals(frame.getValue("type")) || !(token instanceof String)) {
      s.closeWithError(VanishError.unauthorized("The first frame must be {\"type\":\"hello\",\"token\":…}."));
      return;
    }
    long after;
    try {
      after = MessageService.validAfter(frame.getValue("after"));
    } catch (VanishError e) {
      s.closeWithError(e);
      return;
    }
    rooms.authenticate(roomId, (String) token)
        .compose(seat -> {
          s.helloDone(vertx);
          if (s.isClosed()) return Future.succeededFuture();
          s.seat(seat.room(), seat.memberId());
          s.startAfter(after);
          return hub.attach(s)
              .compose(v -> rooms.members(roomId))
              .compose(members -> {
                s.send(Frames.welcome(s.memberId(), s.room().expiresAt(), s.room().capacity(), members,
                    s.room().trimmedThrough()));
                return HistoryReplay.run(s, after, from -> helloPage(s, roomId, from));
              })
              .map(replayed -> {
                hub.greeted(s);
                s.releaseEarly().forEach(f -> dispatch(s, f));
                return null;
              });
        })
        .onFailure(e -> {
          s.helloDone(vertx);
          if (!Limiter.isFailedLookup(e)) {
            s.closeWithError(Failures.classify(e, "socket hello"));
            return;
          }
          // 4401 (live room, no such seat) and 4404 (no such room) tell a live room from a dead one, as 401 and
          // 404 do over HTTP (http.LookupLimit): the same VANISH_RATE_LOOKUPS bucket counts them, and past it
          // the close is 4429, which tells nothing (RoomProbingTest.failedSocketHellosCountAsLookupsToo).
          limiter.check(Limiter.Kind.LOOKUPS, s.clientIp()).onComplete(ar ->
              s.closeWithError(ar.succeeded() ? (VanishError) e : Failures.classify(ar.cause(), "lookup limit")));
        });
  }

  /**
   * A page of the hello's replay, counted against the member's VANISH_RATE_HISTORY like an HTTP page. Past the
   * rate the replay waits for the next token instead of failing: a member that reconnects in a loop with
   * {@code after} 0 gets the history at the rate's pace, not the whole history per socket, and a first join
   * into a full room (at most ~16 pages, VANISH_ROOM_BYTES) fits the default burst of 20
   * (ReplayRateTest.aHelloReplayIsPacedByTheMembersHistoryRate).
   */
  private Future<HistoryPage> helloPage(Session s, String roomId, long from) {
    Promise<HistoryPage> page = Promise.promise();
    readHelloPage(s, roomId, from, page);
    return page.future();
  }

  private void readHelloPage(Session s, String roomId, long from, Promise<HistoryPage> page) {
    messages.countedReplayPage(roomId, s.memberId(), from, HistoryReplay.PAGE_MESSAGES, HistoryReplay.PAGE_BYTES)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            page.tryComplete(ar.result());
          } else if (s.isClosed()) {
            page.tryComplete(HistoryPage.EMPTY);
          } else if (ar.cause() instanceof VanishError e && e.code() == ErrorCode.RATE_LIMITED) {
            vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, e.retryAfterSeconds())),
                t -> readHelloPage(s, roomId, from, page));
          } else {
            page.tryFail(ar.cause());
          }
        });
  }
}
