// The parsers of the settings table: each turns a setting's text into a value or throws one sentence that
// names the setting and says what would be accepted. One of each kind, so every whole number, every
// on/off switch and every rate of a node is read (and refused) the same way.
package dev.vanish.server.config;

import dev.vanish.server.config.ConfigLoader.BadSetting;
import dev.vanish.server.config.Setting.Parser;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

final class Parsers {

  private Parsers() {}

  static Parser<String> text() {
    return (env, text) -> text;
  }

  /** A whole number in [min, max]. */
  static Parser<Integer> integer(int min, int max) {
    return (env, text) -> {
      long n;
      try {
        n = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new BadSetting(env + " must be a whole number, not '" + text + "'.");
      }
      if (n < min || n > max) throw new BadSetting(env + " must be between " + min + " and " + max + ", not " + n + ".");
      return (int) n;
    };
  }

  /** A switch: true/yes/1/on or false/no/0/off; the error spells it the way the setting documents it. */
  static Parser<Boolean> bool(String yes, String no) {
    return (env, text) -> switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new BadSetting(env + " must be " + yes + " or " + no + ", not '" + text + "'.");
    };
  }

  static Parser<Rate> rate() {
    return (env, text) -> {
      Rate r = Rate.parse(text);
      if (r == null) throw new BadSetting(env + " must be a rate like 20/1m, 10/2s or 5/500ms (at most 24h), or off, not '" + text + "'.");
      return r;
    };
  }

  static Parser<Rate> byteRate() {
    return byteRate(ServerConfig.MAX_BODY_CHARS + ServerConfig.MESSAGE_OVERHEAD_BYTES, "one largest message");
  }

  /** A rate of bytes that lets at least {@code least} bytes (one largest {@code what}) through per window. */
  static Parser<Rate> byteRate(long least, String what) {
    return (env, text) -> {
      Rate r = Rate.parseBytes(text);
      if (r != null && !r.off() && r.limit() < least) {
        throw new BadSetting(env + " must let " + what + " through: at least " + least + " bytes per window, not "
            + r.limit() + ".");
      }
      if (r == null) {
        throw new BadSetting(env + " must be a rate of bytes like 3MiB/1m, 512KiB/10s or 65536/1s (at most 1 GiB per "
            + "at most 24h), or off, not '" + text + "'.");
      }
      return r;
    };
  }

  /** A number of bytes in [min, max]: digits, or digits with KiB, MiB or GiB; with {@code off}, "off" and 0 are 0. */
  static Parser<Long> bytes(long min, long max, boolean off) {
    return (env, text) -> {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (off && (t.equals("off") || t.equals("0"))) return 0L;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})(kib|mib|gib)?").matcher(t);
      if (!m.matches()) {
        throw new BadSetting(env + " must be a number of bytes like 4194304, 4MiB or 1GiB" + (off ? ", or off" : "")
            + ", not '" + text + "'.");
      }
      long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
        case "kib" -> 1L << 10;
        case "mib" -> 1L << 20;
        default -> 1L << 30;
      };
      long n = Long.parseLong(m.group(1)) * unit;
      if (n < min || n > max) throw new BadSetting(env + " must be between " + min + " and " + max + " bytes, not " + n + ".");
      return n;
    };
  }

  /** Text matching a regular expression; {@code rule} says which, e.g. "must be 1-64 letters". */
  static Parser<String> matching(String regex, String rule) {
    return (env, text) -> {
      if (!text.matches(regex)) throw new BadSetting(env + " " + rule + ".");
      return text;
    };
  }

  static Parser<String> atLeast(int characters) {
    return matching("(?s).{" + characters + ",}", "must be at least " + characters + " characters");
  }

  static Parser<String> readableFile() {
    return (env, text) -> {
      if (!Files.isReadable(Path.of(text))) throw new BadSetting(env + " (" + text + ") is not a readable file.");
      return text;
    };
  }

  /** A Redis URL in the one grammar of {@link RedisUrl}; kept as the text given. */
  static Parser<String> redisUrl() {
    return (env, text) -> {
      try {
        return RedisUrl.parse(text).text();
      } catch (IllegalArgumentException e) {
        throw new BadSetting(env + ": " + e.getMessage() + ".");
      }
    };
  }

  /** Addresses or CIDR ranges, comma-separated. */
  static Parser<List<String>> proxies() {
    return (env, text) -> {
      try {
        return List.copyOf(TrustedProxies.split(text));
      } catch (IllegalArgumentException e) {
        throw new BadSetting(env + ": " + e.getMessage() + " (use e.g. 127.0.0.1,10.0.0.0/8,::1).");
      }
    };
  }

  /** Web origins (`https://host[:port]`), comma-separated, kept in WebOrigin's one spelling. */
  static Parser<List<String>> origins() {
    return (env, text) -> {
      List<String> out = new java.util.ArrayList<>();
      for (String item : text.split(",")) {
        if (item.isBlank()) continue;
        String origin = WebOrigin.strict(item);
        if (origin == null) {
          throw new BadSetting(env + ": " + item.trim() + " is not an origin (use e.g. https://chat.example.org,http://localhost:8080).");
        }
        out.add(origin);
      }
      return List.copyOf(out);
    };
  }

  /** An http(s) address without query or fragment; a trailing slash is dropped. */
  static Parser<String> publicUrl() {
    return (env, text) -> {
      URI uri;
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new BadSetting(env + " is not a valid URL.");
      }
      if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw new BadSetting(env + " must be an http:// or https:// address without query or fragment, e.g. https://chat.example.org.");
      }
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    };
  }

  /** {@code host:port} ({@code [v6]:port} for IPv6) to listen on, port 0-65535; {@code off} is null (no listener). */
  static Parser<String> listenAddress() {
    return (env, text) -> {
      if (text.equalsIgnoreCase("off")) return null;
      int colon = text.lastIndexOf(':');
      String host = colon <= 0 ? "" : text.substring(0, colon);
      String port = colon < 0 ? "" : text.substring(colon + 1);
      if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535
          || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
        throw new BadSetting(env + " must be host:port (e.g. 127.0.0.1:9464, [::1]:9464, port 0 = any free one) or off, not '"
            + text + "'.");
      }
      return text;
    };
  }
}
