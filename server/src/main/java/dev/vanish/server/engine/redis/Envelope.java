// The pub/sub payload of a room channel: "<kind code>|<memberId or empty>|<messageId or 0>\n<frame JSON>".
// The frame travels ready to send, so a receiving node forwards it to its sockets without re-encoding.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.RoomEvent;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

final class Envelope {

  private Envelope() {}

  static String encode(RoomEvent.Kind kind, String memberId, long messageId, String frame) {
    return kind.code + "|" + (memberId == null ? "" : memberId) + "|" + messageId + "\n" + frame;
  }

  /** Parses an envelope; an empty member id becomes null. Throws IllegalArgumentException when malformed. */
  static RoomEvent parse(Buffer payload) {
    int nl = -1;
    for (int i = 0, n = payload.length(); i < n; i++) {
      if (payload.getByte(i) == '\n') { nl = i; break; }
    }
    if (nl < 4) throw new IllegalArgumentException("malformed room event envelope");
    String header = payload.getString(0, nl, StandardCharsets.US_ASCII.name());
    int bar2 = header.indexOf('|', 2);
    if (header.charAt(1) != '|' || bar2 < 0) throw new IllegalArgumentException("malformed room event header");
    RoomEvent.Kind kind = RoomEvent.Kind.of(header.charAt(0));
    String memberId = bar2 == 2 ? null : header.substring(2, bar2);
    long messageId = messageId(header.substring(bar2 + 1));
    return new RoomEvent(kind, memberId, messageId, payload.getBuffer(nl + 1, payload.length()));
  }

  /** Digits only, as the scripts write it (INCR's value, or 0): no sign, which Long.parseLong would allow. */
  private static long messageId(String digits) {
    boolean ok = !digits.isEmpty();
    for (int i = 0; ok && i < digits.length(); i++) ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
    try {
      if (ok) return Long.parseLong(digits);
    } catch (NumberFormatException beyondALong) {
      // falls through
    }
    throw new IllegalArgumentException("malformed message id in room event header");
  }
}
