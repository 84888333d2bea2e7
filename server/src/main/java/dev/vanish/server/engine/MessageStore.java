// A room's capped message history. Appending stores the message and publishes it as one atomic operation (one
// round trip on Redis): a message is either in history or not yet published, never published and lost,
// which the outage catch-up relies on.
package dev.vanish.server.engine;

import io.vertx.core.Future;

import java.util.List;

public interface MessageStore {

  // --- messages ------------------------------------------------------------------------------------------

  /**
   * Appends a message (ids are 1, 2, 3… per room), drops the oldest beyond the history limit or the room's byte
   * budget of bodies (never the new one), and publishes it: one round trip on Redis. Returns null when the room
   * no longer exists; fails with storage_full when the node's budget or Redis's maxmemory is reached.
   */
  Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts);

  /**
   * One page of the stored messages with id greater than {@code afterId}, oldest first: at most
   * {@code maxCount} messages and {@code maxBytes} of their frames (the first message always, whatever its
   * size), and whether more follow. Only the page is read (one LRANGE of it on Redis), never the whole
   * history: a peer reading history pins one page at a time (issue 14).
   */
  Future<HistoryPage> messagesAfter(String roomId, long afterId, int maxCount, int maxBytes);

  /**
   * Every stored message after {@code afterId} in one list: for tests and tools only; the edges read pages
   * (MessageRoutes, the socket's replay) so that no single read holds a whole history.
   */
  default Future<List<StoredMessage>> messagesAfter(String roomId, long afterId) {
    return messagesAfter(roomId, afterId, Integer.MAX_VALUE, Integer.MAX_VALUE).map(HistoryPage::messages);
  }
}
