// A decrypted chat message: the server's id, time and sender memberId, the sender's claimed name, the text,
// whether this session sent it, the sender's clock, and the marks of the integrity checks (IntegrityCheck):
// skew (sentAt more than two minutes from ts) and reordered (out of its sender's order).
package dev.vanish.client;

public record ChatMessage(String id, long ts, String memberId, String name, String text, boolean mine, long sentAt,
                          boolean skew, boolean reordered) {

  /** A message with no marks, sent at the server's time. */
  public ChatMessage(String id, long ts, String memberId, String name, String text, boolean mine) {
    this(id, ts, memberId, name, text, mine, ts, false, false);
  }
}
