// One abuse limit: a token bucket holding `limit` tokens that refills completely over `windowMs`
// — bursts of up to `limit`, on average `limit` per window. Written "20/1m", "20/2s" or "off"; a rate of
// bytes (VANISH_RATE_MESSAGE_BYTES) may write its tokens with a binary unit, "3MiB/1m" or "512KiB/10s".
// A limit of 0 means off.
package dev.vanish.server.config;

public record Rate(int limit, long windowMs) {

  public static final Rate OFF = new Rate(0, 1000);

  public boolean off() {
    return limit <= 0;
  }

  /** Parses "N/<d><unit>" (unit ms, s, m or h) or "off"; null when the text is not such a rate. */
  public static Rate parse(String text) {
    return parse(text, false);
  }

  /** Parses a rate of bytes: like {@link #parse(String)}, N may also be "<n>KiB" or "<n>MiB" (at most 1 GiB). */
  public static Rate parseBytes(String text) {
    return parse(text, true);
  }

  private static Rate parse(String text, boolean bytes) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("off") || t.equals("0")) return OFF;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})(kib|mib)?/([0-9]{0,7})(ms|s|m|h)").matcher(t);
    if (!m.matches() || (m.group(2) != null && !bytes)) return null;
    long tokens = Long.parseLong(m.group(1)) * (m.group(2) == null ? 1 : m.group(2).equals("kib") ? 1024 : 1024 * 1024);
    if (tokens > (1 << 30)) return null;
    int limit = (int) tokens;
    long n = m.group(3).isEmpty() ? 1 : Long.parseLong(m.group(3));
    long unit = switch (m.group(4)) {
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
    if (limit < 1 || n < 1 || n * unit < 10 || n * unit > 86_400_000L) return null;
    return new Rate(limit, n * unit);
  }

  @Override
  public String toString() {
    return off() ? "off" : limit + "/" + windowMs + "ms";
  }
}
