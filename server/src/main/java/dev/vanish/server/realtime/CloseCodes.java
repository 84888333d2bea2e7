package dev.vanish.server.realtime;

/**
 * WebSocket close codes Vanish uses (documented in docs/PROTOCOL.md). 4000 + the HTTP status of the error
 * that closed the socket, so clients map them the same way as API errors.
 */
public final class CloseCodes {

  private CloseCodes() {}

  public static final short NORMAL = 1000;
  /** The client stopped reading: its outbound queue passed VANISH_SLOW_READER_BYTES (policy violation). */
  public static final short SLOW_READER = 1008;
  /** A message over 64 KiB (the WebSocket standard's "message too big"). */
  public static final short TOO_BIG = 1009;
  /** The node is shutting down: reconnect (through the load balancer) with {@code after}. */
  public static final short RESTARTING = 1012;
  public static final short INVALID = 4400;
  public static final short UNAUTHORIZED = 4401;
  public static final short ROOM_NOT_FOUND = 4404;
  /** No pong or frame within VANISH_IDLE_TIMEOUT_SECONDS. */
  public static final short IDLE = 4408;
  /** The room ended (destroyed or expired): reason says which. */
  public static final short ROOM_GONE = 4410;
  public static final short UNAVAILABLE = 4503;

  public static short forError(String code) {
    switch (code) {
      case "unauthorized": return UNAUTHORIZED;
      case "room_not_found": return ROOM_NOT_FOUND;
      case "unavailable": return UNAVAILABLE;
      default: return INVALID;
    }
  }
}
