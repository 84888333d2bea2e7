// The socket edge of the error vocabulary, and every close code Vanish uses (docs/PROTOCOL.md §6): an error
// that ends a socket closes it with 4000 + the HTTP status of its code, so clients map close codes the way
// they map API errors; the WebSocket standard's codes cover the rest. The table is written out here rather
// than derived from the HTTP edge (realtime does not depend on http); EdgeMappingsTest keeps the two equal.
package dev.vanish.server.realtime;

import dev.vanish.server.error.ErrorCode;

import java.util.EnumMap;
import java.util.Map;

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

  private static final Map<ErrorCode, Short> FOR_ERROR = new EnumMap<>(Map.ofEntries(
      Map.entry(ErrorCode.INVALID_REQUEST, INVALID),
      // A hello without "v":2: error frame, then close 4400 with reason unsupported_version.
      Map.entry(ErrorCode.UNSUPPORTED_VERSION, INVALID),
      // Join answers only; in the table for its sake.
      Map.entry(ErrorCode.ROOM_EXISTS, (short) 4409),
      Map.entry(ErrorCode.PASSPHRASE_REQUIRED, (short) 4401),
      Map.entry(ErrorCode.WRONG_PASSPHRASE, (short) 4403),
      Map.entry(ErrorCode.UNAUTHORIZED, UNAUTHORIZED),
      Map.entry(ErrorCode.FORBIDDEN, (short) 4403),
      Map.entry(ErrorCode.ROOM_NOT_FOUND, ROOM_NOT_FOUND),
      Map.entry(ErrorCode.NOT_FOUND, (short) 4404),
      // HTTP answers only (the file endpoints); in the table for its sake.
      Map.entry(ErrorCode.FILE_NOT_FOUND, (short) 4404),
      Map.entry(ErrorCode.METHOD_NOT_ALLOWED, (short) 4405),
      Map.entry(ErrorCode.ROOM_FULL, (short) 4409),
      Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, (short) 4413),
      Map.entry(ErrorCode.FILE_TOO_LARGE, (short) 4413),
      Map.entry(ErrorCode.UNSUPPORTED_MEDIA_TYPE, (short) 4415),
      Map.entry(ErrorCode.URI_TOO_LONG, (short) 4414),
      Map.entry(ErrorCode.HEADERS_TOO_LARGE, (short) 4431),
      Map.entry(ErrorCode.RATE_LIMITED, (short) 4429),
      Map.entry(ErrorCode.INTERNAL, (short) 4500),
      // Sent as an error frame for the refused send (the socket stays open); the code exists for the table's sake.
      Map.entry(ErrorCode.STORAGE_FULL, (short) 4507),
      Map.entry(ErrorCode.UNAVAILABLE, UNAVAILABLE)));

  /** The close code of a socket ended by an error of this code: 4000 + its HTTP status. */
  public static short forError(ErrorCode code) {
    return FOR_ERROR.get(code);
  }
}
