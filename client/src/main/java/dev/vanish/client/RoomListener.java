// Callbacks of one RoomSession, all on that session's Vert.x context (one thread at a time, never blocking
// it). Given at join time so nothing from the history replay is missed. Every method has a no-op default.
package dev.vanish.client;

import java.util.List;

public interface RoomListener {

  /** A message, in id order, exactly once per session (replayed history first, then live ones). */
  default void onMessage(ChatMessage message) {}

  /**
   * A file message (docs/PROTOCOL.md §8), in id order like messages, instead of onMessage: its file's validated
   * claims and download() / saveTo(dir); {@code file.message()} is the message (its text the caption). Nothing is
   * downloaded until asked. By default it is passed to onMessage, as a client that knows no files shows the text.
   * A file message whose file object is malformed comes as an UNREADABLE_FILE notice and onMessage instead.
   */
  default void onFile(IncomingFile file) {
    onMessage(file.message());
  }

  /** A body that failed to decrypt or parse (a wrong key, or a client of another version). */
  default void onUndecryptable(String id, String memberId) {}

  /**
   * An integrity notice (docs/PROTOCOL.md, "What receivers do"): a message that did not arrive, was trimmed,
   * replayed, re-attributed, reordered or re-timed. Called before the message it is about, when shown.
   */
  default void onNotice(Notice notice) {}

  /** The full list of held seats, on every change. */
  default void onPresence(List<Member> members) {}

  /** Another member is typing. */
  default void onTyping(String memberId) {}

  default void onState(ConnectionState state) {}

  /** The session ended for good; called once. */
  default void onEnded(EndReason reason) {}

  /** A server error frame not tied to one of this session's sends. */
  default void onError(VanishException error) {}
}
