// One abuse limit: a token bucket holding `limit` tokens that refills completely over `windowMs`
// — bursts of up to `limit`, on average `limit` per window. Written "20/1m", "20/2s" or "off".
// A limit of 0 means off.
package dev.vanish.server.config;

public record Rate(int limit, long windowMs) {

  public static final Rate OFF = new Rate(0, 1000);

  public boolean off() {
    return limit <= 0;
  }

  /** Parses "N/<d><unit>" (unit ms, s, m or h) or "off"; null when the text is not such a rate. */
  public static Rate parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("off") || t.equals("0")) return OFF;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})/([0-9]{0,7})(ms|s|m|h)").matcher(t);
    if (!m.matches()) return null;
    int limit = Integer.parseInt(m.group(1));
    long n = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
    long unit = switch (m.group(3)) {
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
