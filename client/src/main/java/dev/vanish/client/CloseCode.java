// The WebSocket close codes of PROTOCOL.md §6 — the one place the client names them — and what a RoomSession
// does on each. Error closes are 4000 + the HTTP status of the error, which is how §6 maps them onto §5; the
// others are WebSocket's own. A code not listed here (1011, a proxy's 1001…) is treated like a lost network.
package dev.vanish.client;

import java.util.Optional;
import java.util.OptionalInt;

public enum CloseCode {
  /** Normal closure: what this client sends when it closes on purpose. */
  NORMAL(1000, "", Action.RECONNECT),
  /** No close frame at all (network loss, a proxy, a server crash); the client reports this when none came. */
  ABNORMAL(1006, "", Action.RECONNECT),
  /** The client stopped reading and its backlog passed the server's bound. */
  SLOW_READER(1008, "slow reader", Action.RECONNECT),
  /** The client sent a message over 64 KiB. */
  MESSAGE_TOO_BIG(1009, "message too big", Action.RECONNECT),
  /** The node is shutting down (SIGTERM, redeploy). */
  SERVER_RESTARTING(1012, "server restarting", Action.RECONNECT),
  /** Bad {@code after} in the hello: a client bug, reconnecting would get the same answer. */
  INVALID_REQUEST(error(400), "invalid_request", Action.FAIL),
  /** Missing or bad hello, hello timeout, or the seat was freed. */
  UNAUTHORIZED(error(401), "unauthorized", Action.TAKE_SEAT_AGAIN),
  /** The room does not exist (expired, destroyed, never existed). */
  ROOM_NOT_FOUND(error(404), "room_not_found", Action.END_NOT_FOUND),
  /** Nothing arrived (no pong, no frame) for the server's idle timeout. */
  IDLE(error(408), "idle", Action.RECONNECT),
  /** The room ended while connected; the reason is "destroyed" or "expired", after the matching frame. */
  ROOM_ENDED(error(410), "destroyed|expired", Action.END_ROOM_ENDED),
  /** The engine is unreachable. */
  UNAVAILABLE(error(503), "unavailable", Action.RECONNECT);

  /** What a session does when its socket closes with a code. */
  public enum Action {
    /** Reconnect with backoff and {@code after}. */
    RECONNECT,
    /** The seat was lost: take one again with the link's key, then reconnect with {@code after}. */
    TAKE_SEAT_AGAIN,
    /** The room is gone: end with NOT_FOUND, don't retry. */
    END_NOT_FOUND,
    /** The room ended (destroyed or expired): end, don't retry. */
    END_ROOM_ENDED,
    /** The server refused what this client sent: end with FAILED, don't retry. */
    FAIL
  }

  private static final int ERROR_BASE = 4000;

  private final int code;
  private final String reason;
  private final Action action;

  CloseCode(int code, String reason, Action action) {
    this.code = code;
    this.reason = reason;
    this.action = action;
  }

  private static int error(int httpStatus) {
    return ERROR_BASE + httpStatus;
  }

  /** The number on the wire. */
  public int code() {
    return code;
  }

  /** The close reason the server sends with it ("" for none; "destroyed|expired" for either). */
  public String reason() {
    return reason;
  }

  public Action action() {
    return action;
  }

  /** For an error close, the HTTP status of the same error (§5); empty for WebSocket's own codes. */
  public OptionalInt httpStatus() {
    return code >= ERROR_BASE ? OptionalInt.of(code - ERROR_BASE) : OptionalInt.empty();
  }

  public static Optional<CloseCode> forCode(int code) {
    for (CloseCode c : values()) if (c.code == code) return Optional.of(c);
    return Optional.empty();
  }

  /** What a session does on this code; RECONNECT for one not listed. */
  public static Action actionFor(int code) {
    return forCode(code).map(CloseCode::action).orElse(Action.RECONNECT);
  }
}
