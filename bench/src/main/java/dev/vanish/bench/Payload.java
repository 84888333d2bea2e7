// What a benchmark message carries: the sender's index, its per-sender sequence number and the scheduled send
// time (System.nanoTime() of the generator: one JVM, so every receiver reads the same clock), then padding.
// Vanish messages carry it as the plaintext text "sender seq nanos padding"; relay frames as plain JSON.
package dev.vanish.bench;

import io.vertx.core.json.JsonObject;

public record Payload(int sender, int seq, long sentNanos) {

  /** The chat text of a Vanish message. */
  public static String text(int sender, int seq, long sentNanos, String padding) {
    return new StringBuilder(32 + padding.length()).append(sender).append(' ').append(seq).append(' ')
        .append(sentNanos).append(' ').append(padding).toString();
  }

  /** The frame of a relay message. */
  public static String frame(int sender, int seq, long sentNanos, String padding) {
    return new StringBuilder(48 + padding.length()).append("{\"s\":").append(sender).append(",\"q\":").append(seq)
        .append(",\"t\":").append(sentNanos).append(",\"p\":\"").append(padding).append("\"}").toString();
  }

  /** Parses a chat text; null when it is not one of ours. */
  public static Payload parseText(String text) {
    try {
      int a = text.indexOf(' ');
      int b = text.indexOf(' ', a + 1);
      int c = text.indexOf(' ', b + 1);
      if (a <= 0 || b <= a || c <= b) return null;
      return new Payload(Integer.parseInt(text, 0, a, 10), Integer.parseInt(text, a + 1, b, 10),
          Long.parseLong(text, b + 1, c, 10));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Parses a relay frame; null when it is not one of ours. */
  public static Payload parseFrame(String frame) {
    try {
      JsonObject j = new JsonObject(frame);
      return new Payload(j.getInteger("s"), j.getInteger("q"), j.getLong("t"));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Padding of n ASCII characters (one byte each in UTF-8). */
  public static String padding(int n) {
    return "x".repeat(Math.max(0, n));
  }
}
