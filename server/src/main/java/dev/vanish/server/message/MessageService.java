// Posting and reading a room's messages. A body is opaque ciphertext to the server: it checks only that it
// is base64url and not too long, stores it, and lets the engine fan it out.
package dev.vanish.server.message;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.MessageStore;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;

import java.util.List;
import java.util.regex.Pattern;

public final class MessageService {

  private static final Pattern MESSAGE_ID = Pattern.compile("0|[1-9][0-9]{0,17}");

  private final MessageStore store;
  private final Limiter limiter;
  private final NodeMetrics metrics;

  /**
   * @param limiter counts messages per member (VANISH_RATE_MESSAGES) and message bytes per client IP
   *     (VANISH_RATE_MESSAGE_BYTES), on every node alike
   * @param metrics counts accepted messages and times their append-and-publish
   */
  public MessageService(MessageStore store, Limiter limiter, NodeMetrics metrics) {
    this.store = store;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  /** Checks a body's shape; the message names the field as the API promises. */
  public static String validBody(Object body) {
    if (!(body instanceof String s) || s.isEmpty()) throw VanishError.invalid("body must be a non-empty base64url string.");
    if (s.length() > ServerConfig.MAX_BODY_CHARS) {
      throw VanishError.invalid("body must be at most " + ServerConfig.MAX_BODY_CHARS + " characters.");
    }
    if (!isBase64Url(s)) throw VanishError.invalid("body must be base64url without padding.");
    return s;
  }

  // A plain loop rather than a regex: every message passes here, and the regex showed in profiles.
  private static boolean isBase64Url(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
    return true;
  }

  /** Parses an {@code after} cursor: a message id (digits), or absent meaning "from the start". */
  public static long validAfter(Object after) {
    if (after == null) return 0;
    String s = after instanceof String str ? str : after instanceof Number n && !(after instanceof Double) ? n.toString() : null;
    if (s == null || !MESSAGE_ID.matcher(s).matches()) throw VanishError.invalid("after must be a message id.");
    return Long.parseLong(s);
  }

  /**
   * Counts the message against its member's rate and its bytes (body + ServerConfig.MESSAGE_OVERHEAD_BYTES, what
   * it costs a node to keep) against the client IP's byte rate — the bound on how fast one address can fill a
   * node however many rooms and seats it holds (docs/DEPLOY.md, OneAddressFillingRoomsTest) — then stores it.
   */
  public Future<StoredMessage> post(RoomService.Seat seat, String body, String clientIp) {
    String roomId = seat.room().roomId();
    return limiter.check(Limiter.Kind.MESSAGES, roomId + "/" + seat.memberId())
        .compose(ok -> limiter.check(Limiter.Kind.MESSAGE_BYTES, clientIp,
            body.length() + (long) ServerConfig.MESSAGE_OVERHEAD_BYTES))
        .compose(ok -> {
      long start = System.nanoTime();
      return store.appendMessage(roomId, seat.memberId(), body, System.currentTimeMillis()).map(m -> {
        if (m == null) throw VanishError.roomNotFound();
        metrics.published(start);
        metrics.messageIn();
        return m;
      });
    });
  }

  public Future<List<StoredMessage>> after(String roomId, long afterId) {
    return store.messagesAfter(roomId, afterId);
  }
}
