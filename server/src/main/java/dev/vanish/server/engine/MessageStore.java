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

  /** Stored messages with id greater than {@code afterId}, oldest first (all when afterId is 0). */
  Future<List<StoredMessage>> messagesAfter(String roomId, long afterId);
}
