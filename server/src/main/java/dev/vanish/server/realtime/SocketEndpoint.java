package dev.vanish.server.realtime;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.Frames;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.http.ApiException;
import dev.vanish.server.http.Errors;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/rooms/{roomId}/socket}: the realtime protocol. The first frame must be a hello with
 * the member's token; the answer is a welcome, the history after the client's {@code after}, then live
 * frames. Later client frames are dispatched to one {@link Command} per type.
 */
public final class SocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SocketEndpoint.class);
  private static final long HELLO_TIMEOUT_MS = 10_000;
  /** Retry-After for a refused socket: there is no window, a socket of the address has to close first. */
  private static final long SOCKET_RETRY_SECONDS = 10;
  private static final Buffer PING = Buffer.buffer("v");

  private final Vertx vertx;
  private final RoomService rooms;
  private final MessageService messages;
  private final Hub hub;
  private final Map<String, Command> commands;
  private final Hardening limits;
  private final ClientIp clientIp;
  /** Open sockets per client IP on this node (VANISH_SOCKETS_PER_IP); entries go when they reach 0. */
  private final Map<String, Integer> socketsPerIp = new HashMap<>();

  public SocketEndpoint(Vertx vertx, RoomService rooms, MessageService messages, Engine engine, Hub hub,
      Limiter limiter, ClientIp clientIp, Hardening limits) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.messages = messages;
    this.hub = hub;
    this.limits = limits;
    this.clientIp = clientIp;
    this.commands = Map.of(
        "send", new SendCommand(messages),
        "typing", new TypingCommand(engine, limiter));
  }

  public void mount(Router router) {
    router.get("/api/v1/rooms/:roomId/socket").handler(this::upgrade).failureHandler(Errors::failure);
  }

  private void upgrade(RoutingContext ctx) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      throw ApiException.invalid("This address accepts WebSocket connections only.");
    }
    String roomId = ctx.pathParam("roomId");
    // Refused before the upgrade, so a flood of sockets from one address costs a short HTTP answer each.
    String ip = clientIp.of(ctx.request());
    int open = socketsPerIp.getOrDefault(ip, 0);
    if (limits.socketsPerIp() > 0 && open >= limits.socketsPerIp()) {
      throw ApiException.rateLimited(SOCKET_RETRY_SECONDS, "open sockets from your address");
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

  /** Per-connection state beyond the session: hello handling and frames that arrived before the welcome. */
  private final class Connection {
    final Session session;
    final String roomId;
    final long helloTimer;
    boolean helloSeen;
    List<JsonObject> early = new ArrayList<>();

    final long pingTimer;

    Connection(ServerWebSocket ws, String roomId) {
      this.session = new Session(ws, limits.slowReaderBytes());
      this.roomId = roomId;
      this.helloTimer = vertx.setTimer(HELLO_TIMEOUT_MS,
          t -> session.closeWithError("unauthorized", "No hello frame arrived within 10 seconds."));
      this.pingTimer = vertx.setPeriodic(limits.pingIntervalMs(), t -> ping(this));
    }
  }

  /** Pings the socket, or closes it when nothing (no pong, no frame) came back within the idle timeout. */
  private void ping(Connection c) {
    Session s = c.session;
    if (s.isClosed()) return;
    if (System.currentTimeMillis() - s.lastHeard > limits.idleTimeoutMs()) {
      s.closeWith(null, CloseCodes.IDLE, "idle");
    } else {
      s.ws.writePing(PING);
    }
  }

  private void open(ServerWebSocket ws, String roomId, String ip) {
    Connection c = new Connection(ws, roomId);
    ws.pongHandler(b -> c.session.lastHeard = System.currentTimeMillis());
    ws.textMessageHandler(text -> {
      c.session.lastHeard = System.currentTimeMillis();
      onText(c, text);
    });
    ws.binaryMessageHandler(b -> {
      c.session.lastHeard = System.currentTimeMillis();
      c.session.error("invalid_request", "Frames must be JSON text.", null);
    });
    ws.exceptionHandler(e -> {
      // Vert.x reports a message assembled from frames beyond the size limit here and keeps the socket;
      // the protocol says such a socket is closed with 1009.
      if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
        c.session.closeWith(null, CloseCodes.TOO_BIG, "message too big");
      } else {
        LOG.debug("socket error", e);
      }
    });
    ws.closeHandler(v -> {
      vertx.cancelTimer(c.helloTimer);
      vertx.cancelTimer(c.pingTimer);
      release(ip);
      c.session.markClosed();
      hub.detach(c.session);
    });
  }

  private void onText(Connection c, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      if (!c.helloSeen) c.session.closeWithError("unauthorized", "The first frame must be a JSON hello.");
      else c.session.error("invalid_request", "Frames must be JSON objects.", null);
      return;
    }
    if (!c.helloSeen) {
      c.helloSeen = true;
      hello(c, frame);
    } else if (c.early != null) {
      c.early.add(frame);
    } else {
      dispatch(c.session, frame);
    }
  }

  private void dispatch(Session s, JsonObject frame) {
    Object type = frame.getValue("type");
    Command cmd = type instanceof String t ? commands.get(t) : null;
    try {
      if (cmd == null) throw ApiException.invalid("type must be one of " + String.join(", ", commands.keySet()) + ".");
      cmd.run(s, frame);
    } catch (ApiException e) {
      s.error(e, Refs.echo(frame.getValue("ref")));
    }
  }

  private void hello(Connection c, JsonObject frame) {
    Session s = c.session;
    Object token = frame.getValue("token");
    if (!"hello".equals(frame.getValue("type")) || !(token instanceof String)) {
      s.closeWithError("unauthorized", "The first frame must be {\"type\":\"hello\",\"token\":…}.");
      return;
    }
    long after;
    try {
      after = MessageService.validAfter(frame.getValue("after"));
    } catch (ApiException e) {
      s.closeWithError(e.code, e.getMessage());
      return;
    }
    rooms.authenticate(c.roomId, (String) token)
        .compose(seat -> {
          vertx.cancelTimer(c.helloTimer);
          if (s.isClosed()) return io.vertx.core.Future.succeededFuture();
          s.room = seat.room();
          s.memberId = seat.memberId();
          s.startAfter(after);
          return hub.attach(s)
              .compose(v -> rooms.members(c.roomId))
              .compose(members -> {
                s.send(new JsonObject().put("type", "welcome").put("memberId", s.memberId)
                    .put("expiresAt", s.room.expiresAt()).put("capacity", s.room.capacity())
                    .put("members", Frames.membersJson(members)));
                return messages.after(c.roomId, after);
              })
              .map(history -> {
                for (StoredMessage m : history) s.replay(m.id(), Buffer.buffer(m.frame()));
                hub.greeted(s);
                List<JsonObject> early = c.early;
                c.early = null;
                early.forEach(f -> dispatch(s, f));
                return null;
              });
        })
        .onFailure(e -> {
          vertx.cancelTimer(c.helloTimer);
          ApiException api = e instanceof ApiException a ? a : ApiException.unavailable();
          if (!(e instanceof ApiException)) LOG.warn("socket hello failed: {}", e.toString());
          s.closeWithError(api.code, api.getMessage());
        });
  }
}
