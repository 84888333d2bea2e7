// What the create/join/send commands share: the one-line failure on stderr (exit 1), the --server default,
// the --ttl converter (600, 90s, 10m, 1h, 1d) and default display names.
package dev.vanish.client.cli;

import dev.vanish.client.VanishException;
import picocli.CommandLine;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class CliSupport {

  static final String SERVER_DEFAULT = "${env:VANISH_SERVER:-http://localhost:8080}";
  static final String SERVER_HELP = "Server URL (env VANISH_SERVER; default http://localhost:8080).";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> ANIMALS = List.of("wolf", "fox", "owl", "lynx", "otter", "heron", "moth",
      "raven", "hare", "newt", "crane", "badger", "finch", "seal", "viper", "yak");

  private CliSupport() {}

  /** Prints one line "vanish: <message>" on stderr and returns exit code 1. */
  static int fail(Throwable e) {
    String msg = e instanceof VanishException v ? v.getMessage()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    System.err.println("vanish: " + msg);
    System.err.flush();
    return 1;
  }

  /** A name like anonymous-wolf-x7k2p. */
  static String randomName() {
    StringBuilder tail = new StringBuilder();
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 5; i++) tail.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return "anonymous-" + ANIMALS.get(RANDOM.nextInt(ANIMALS.size())) + "-" + tail;
  }

  /** --ttl: seconds, or a number with s, m, h or d; converted to seconds (a bad value is a usage error, exit 2). */
  static final class TtlConverter implements CommandLine.ITypeConverter<Integer> {
    private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd]?)");

    @Override
    public Integer convert(String value) {
      Matcher m = TTL.matcher(value.trim().toLowerCase());
      if (!m.matches()) throw new CommandLine.TypeConversionException("'" + value + "' is not a lifetime like 600, 90s, 10m, 1h or 1d");
      long n = Long.parseLong(m.group(1));
      long seconds = switch (m.group(2)) {
        case "m" -> n * 60;
        case "h" -> n * 3600;
        case "d" -> n * 86400;
        default -> n;
      };
      if (seconds <= 0 || seconds > Integer.MAX_VALUE) throw new CommandLine.TypeConversionException("'" + value + "' is not a usable lifetime");
      return (int) seconds;
    }
  }
}
