// The plaintext of a message before encryption, protocol v2: UTF-8 JSON
// {"v":2,"memberId","seq","name","text","sentAt","seen"?,"file"?} (docs/PROTOCOL.md §2, §8). memberId and seq
// bind the message to its sender's seat: a receiver compares memberId with the frame's and follows each seat's
// seq. A file message carries a "file" object (FileRef) and its text is the caption; a "file" value that is
// malformed leaves the message readable (its text shows) and marks it unreadableFile.
package dev.vanish.client.crypto;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * @param memberId the sender's own seat
 * @param seq      1, 2, 3… per seat, +1 per message sealed
 * @param sentAt   the sender's clock (epoch ms)
 * @param seen     the highest message id the sender had received when it sealed; null when none
 * @param file     the file of a file message; null for a text message (and for a malformed one)
 * @param unreadableFile whether the plaintext had a "file" value that is not a valid file object
 */
public record Plaintext(String memberId, long seq, String name, String text, long sentAt, String seen, FileRef file,
                        boolean unreadableFile) {

  public static final int VERSION = 2;

  public Plaintext {
    if (memberId == null || name == null || text == null) throw new IllegalArgumentException("memberId, name and text are required");
    if (seq < 1) throw new IllegalArgumentException("seq starts at 1");
    if (file != null && unreadableFile) throw new IllegalArgumentException("a file is either readable or not");
  }

  /** A text message. */
  public Plaintext(String memberId, long seq, String name, String text, long sentAt, String seen) {
    this(memberId, seq, name, text, sentAt, seen, null, false);
  }

  /** A file message: the file's object and its caption (may be ""). */
  public Plaintext(String memberId, long seq, String name, String text, long sentAt, String seen, FileRef file) {
    this(memberId, seq, name, text, sentAt, seen, file, false);
  }

  /** The JSON in the protocol's field order (the test vector depends on it). */
  public String encode() {
    JsonObject j = new JsonObject().put("v", VERSION).put("memberId", memberId).put("seq", seq).put("name", name)
        .put("text", text).put("sentAt", sentAt);
    if (seen != null) j.put("seen", seen);
    if (file != null) j.put("file", file.toJson());
    return j.encode();
  }

  /**
   * Parses a decrypted plaintext; empty unless it is a JSON object with v = 2, a string memberId, an integer
   * seq ≥ 1, string name and text, a numeric sentAt and, when present, a string seen. A "file" value is parsed
   * by FileRef: a malformed one does not make the message unreadable, only its file (unreadableFile).
   */
  public static Optional<Plaintext> decode(byte[] utf8) {
    try {
      JsonObject j = new JsonObject(new String(utf8, StandardCharsets.UTF_8));
      if (!(j.getValue("v") instanceof Number v) || v.doubleValue() != VERSION) return Optional.empty();
      if (!(j.getValue("memberId") instanceof String memberId) || !(j.getValue("name") instanceof String name)
          || !(j.getValue("text") instanceof String text)) {
        return Optional.empty();
      }
      if (!(j.getValue("seq") instanceof Number seq) || !isWhole(seq) || seq.longValue() < 1) return Optional.empty();
      if (!(j.getValue("sentAt") instanceof Number sentAt)) return Optional.empty();
      Object seen = j.getValue("seen");
      if (seen != null && !(seen instanceof String)) return Optional.empty();
      Object fileValue = j.getValue("file");
      FileRef file = fileValue == null ? null : FileRef.parse(fileValue).orElse(null);
      return Optional.of(new Plaintext(memberId, seq.longValue(), name, text, sentAt.longValue(), (String) seen, file,
          fileValue != null && file == null));
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || (n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 9.007199254740992E15);
  }
}
