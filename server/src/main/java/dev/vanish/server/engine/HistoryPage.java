// One page of a room's history, as MessageStore.messagesAfter returns it: the messages after a cursor, oldest
// first, at most the count and the frame bytes asked for (but never empty while messages follow, however big
// the first one), whether more messages follow the last one, and through which id the room's history was trimmed
// (0: nothing was dropped). It carries no cursor of its own: the next page is the one after the last message's id.
package dev.vanish.server.engine;

import java.util.List;

public record HistoryPage(List<StoredMessage> messages, boolean more, long trimmedThrough) {

  public static final HistoryPage EMPTY = new HistoryPage(List.of(), false, 0);

  public HistoryPage {
    messages = List.copyOf(messages);
  }

  public HistoryPage(List<StoredMessage> messages, boolean more) {
    this(messages, more, 0);
  }

  /** The id of the last message in this page, or {@code after} when the page is empty. */
  public long lastIdOr(long after) {
    return messages.isEmpty() ? after : messages.get(messages.size() - 1).id();
  }
}
