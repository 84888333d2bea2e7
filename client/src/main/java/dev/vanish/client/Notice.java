// An integrity notice of protocol v2 (docs/PROTOCOL.md, "What receivers do"): something about the
// conversation a member's client noticed that the server or a relay could have caused — a message that did
// not arrive, was replayed, re-attributed, reordered or re-timed, or history the server declared trimmed.
// Fields not used by a code are null.
package dev.vanish.client;

import io.vertx.core.json.JsonObject;

/**
 * @param code     what was noticed
 * @param id       the message id of the frame it is about (null for missing / trimmed)
 * @param memberId the frame's memberId (for missing / trimmed: the sender whose seq skipped)
 * @param claimed  misattributed: the memberId inside the encrypted plaintext
 * @param seq      replayed / reordered: the plaintext's seq
 * @param from     missing / trimmed: the first seq that did not arrive
 * @param to       missing / trimmed: the last seq that did not arrive
 * @param skewMs   skew: the server's ts minus the sender's sentAt
 */
public record Notice(Code code, String id, String memberId, String claimed, Long seq, Long from, Long to, Long skewMs) {

  public enum Code {
    /** A sender's seq skipped and the server had not declared those messages trimmed. */
    MISSING("missing"),
    /** A sender's seq skipped over messages the server declared trimmed (history limit). */
    TRIMMED("trimmed"),
    /** A body (iv) or a (sender, seq) pair seen before: not shown again. */
    REPLAYED("replayed"),
    /** The memberId inside the plaintext is not the frame's: not shown. */
    MISATTRIBUTED("misattributed"),
    /** The server's ts and the sender's sentAt differ by more than two minutes: shown, marked. */
    SKEW("skew"),
    /** A seq lower than one already seen from that sender, or a `seen` at or after its own id: shown, marked. */
    REORDERED("reordered"),
    /** A file message whose "file" object is malformed (§8): its caption is shown, the file cannot be read. */
    UNREADABLE_FILE("unreadable_file");

    private final String wire;

    Code(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public static Notice missing(String memberId, long from, long to) {
    return new Notice(Code.MISSING, null, memberId, null, null, from, to, null);
  }

  public static Notice trimmed(String memberId, long from, long to) {
    return new Notice(Code.TRIMMED, null, memberId, null, null, from, to, null);
  }

  public static Notice replayed(String id, String memberId, long seq) {
    return new Notice(Code.REPLAYED, id, memberId, null, seq, null, null, null);
  }

  public static Notice misattributed(String id, String memberId, String claimed) {
    return new Notice(Code.MISATTRIBUTED, id, memberId, claimed, null, null, null, null);
  }

  public static Notice skew(String id, String memberId, long skewMs) {
    return new Notice(Code.SKEW, id, memberId, null, null, null, null, skewMs);
  }

  public static Notice reordered(String id, String memberId, long seq) {
    return new Notice(Code.REORDERED, id, memberId, null, seq, null, null, null);
  }

  public static Notice unreadableFile(String id, String memberId) {
    return new Notice(Code.UNREADABLE_FILE, id, memberId, null, null, null, null, null);
  }

  /** How many messages a missing / trimmed notice is about (1 for the others). */
  public long count() {
    return from == null || to == null ? 1 : to - from + 1;
  }

  /** {"type":"notice","code",…the fields that are set}: the line `vanish join --json` prints. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("type", "notice").put("code", code.wire());
    if (id != null) j.put("id", id);
    if (memberId != null) j.put("memberId", memberId);
    if (claimed != null) j.put("claimed", claimed);
    if (seq != null) j.put("seq", seq);
    if (from != null) j.put("from", from);
    if (to != null) j.put("to", to);
    if (skewMs != null) j.put("skewMs", skewMs);
    return j;
  }

  /** One sentence for people; {@code who} names the seat (a display name, or the memberId). */
  public String describe(String who) {
    return switch (code) {
      case MISSING -> count() == 1 ? "a message from " + who + " did not arrive"
          : count() + " messages from " + who + " did not arrive";
      case TRIMMED -> "older messages were dropped (" + count() + " from " + who + ", the room's history limit)";
      case REPLAYED -> "a copy of an earlier message from " + who + " was delivered again and not shown (id " + id + ")";
      case MISATTRIBUTED -> "a message delivered as from " + who + " was written by another seat (" + claimed
          + ") and was not shown (id " + id + ")";
      case SKEW -> "a message from " + who + " was sent at a time " + (Math.abs(skewMs) / 1000) + " s "
          + (skewMs > 0 ? "before" : "after") + " the server's (by its sender's clock; id " + id + ")";
      case REORDERED -> "a message from " + who + " arrived out of its sender's order (id " + id + ")";
      case UNREADABLE_FILE -> "a file from " + who + " could not be read (its message is malformed; id " + id + ")";
    };
  }
}
