// Posting and reading a room's messages. A body is opaque ciphertext to the server: it checks only that it
// is base64url and not too long, stores it, and lets the engine fan it out.
package dev.vanish.server.message;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.HistoryPage;
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
  private static final Pattern PAGE_SIZE = Pattern.compile("[1-9][0-9]{0,3}");
  /** Messages in a page of {@code GET …/messages} when the client names no limit. */
  public static final int PAGE_DEFAULT = 100;
  /** The largest {@code limit} a client may ask for. */
  public static final int PAGE_MAX = 500;
  /**
   * Frame bytes in one page at most (1 MiB; a frame is its body plus ~100 bytes, so this also caps the
   * bodies): what one HTTP read can pin in the server's memory while a peer reads it slowly or not at all.
   * A full room with the largest bodies (1000 × 32 KiB) was ~32 MiB in one answer before (issue 14).
   */
  public static final int PAGE_BYTES = 1024 * 1024;

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

  /**
   * Parses a page size for {@code GET …/messages}: absent = {@link #PAGE_DEFAULT}, else 1…{@link #PAGE_MAX}.
   */
  public static int validLimit(String limit) {
    if (limit == null) return PAGE_DEFAULT;
    if (!PAGE_SIZE.matcher(limit).matches() || Integer.parseInt(limit) > PAGE_MAX) {
      throw VanishError.invalid("limit must be a whole number from 1 to " + PAGE_MAX + ".");
    }
    return Integer.parseInt(limit);
  }

  /**
   * One page of history for a socket's catch-up after an outage of the engine's pub/sub (OutageCatchUp): not
   * counted, since the server caused it, and sockets are capped per IP.
   */
  public Future<HistoryPage> replayPage(String roomId, long afterId, int maxCount, int maxBytes) {
    return store.messagesAfter(roomId, afterId, maxCount, maxBytes);
  }

  /**
   * One page of history for a member's hello replay, counted against VANISH_RATE_HISTORY in the same bucket as
   * the member's HTTP pages, so reconnecting in a loop with {@code after} 0 reads no more history than reading
   * it over HTTP would (realtime.SocketEndpoint waits for the next token rather than failing the hello).
   */
  public Future<HistoryPage> countedReplayPage(String roomId, String memberId, long afterId, int maxCount, int maxBytes) {
    return limiter.check(Limiter.Kind.HISTORY, roomId + "/" + memberId)
        .compose(ok -> store.messagesAfter(roomId, afterId, maxCount, maxBytes));
  }

  /**
   * One page of history for a member's HTTP read, counted against VANISH_RATE_HISTORY per member: at most
   * {@code limit} messages and {@link #PAGE_BYTES} of frames.
   */
  public Future<HistoryPage> page(RoomService.Seat seat, long afterId, int limit) {
    String roomId = seat.room().roomId();
    return limiter.check(Limiter.Kind.HISTORY, roomId + "/" + seat.memberId())
        .compose(ok -> store.messagesAfter(roomId, afterId, limit, PAGE_BYTES));
  }
}
