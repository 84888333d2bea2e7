// What the create/join/send commands share: the one-line failure on stderr (exit 1), the --server default,
// the --ttl converter (600, 90s, 10m, 1h, 1d) and default display names.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishException;
import dev.vanish.client.crypto.RoomKey;
import picocli.CommandLine;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Prints one line "vanish: <message>" on stderr and returns exit code 1. The message is cleaned: it may quote
   * a server's answer or a file's content.
   */
  static int fail(Throwable e) {
    String msg = e instanceof VanishException v ? v.getMessage()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    System.err.println("vanish: " + Untrusted.line(msg));
    System.err.flush();
    return 1;
  }

  /** The environment variable a passphrase may come from (never a command-line argument: those are visible). */
  static final String PASSPHRASE_ENV = "VANISH_PASSPHRASE";

  /** --passphrase-file, shared by create, join and send. */
  static final class PassphraseOption {
    @CommandLine.Option(names = "--passphrase-file", paramLabel = "FILE",
        description = "Read the room's passphrase from FILE (its first line; env " + PASSPHRASE_ENV + " otherwise)."
            + " Never given as an argument.")
    Path file;

    /** The passphrase from --passphrase-file, else VANISH_PASSPHRASE, else null. */
    String resolve() {
      if (file != null) {
        String text;
        try {
          text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new VanishException(VanishException.Code.INVALID_REQUEST, "cannot read the passphrase file " + file + ": " + e.getMessage());
        }
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.isEmpty()) throw new VanishException(VanishException.Code.INVALID_REQUEST, "the passphrase file " + file + " is empty");
        return line;
      }
      String env = System.getenv(PASSPHRASE_ENV);
      return env == null || env.isEmpty() ? null : env;
    }
  }

  /**
   * Takes a seat with the link (and the passphrase, when given). When the room needs a passphrase none was
   * given for and a person is at a terminal, asks for it once (not echoed); a wrong one fails with
   * WRONG_PASSPHRASE, whose message says how many attempts remain.
   */
  static Joined join(BlockingVanish vanish, Link link, String passphrase, String name, RoomListener listener,
                     java.util.function.Consumer<RoomKey> beforeJoin) {
    RoomKey key = link.roomKey(passphrase);
    beforeJoin.accept(key);
    try {
      return new Joined(key, BlockingVanish.await(vanish.async().join(link, key, name, listener)));
    } catch (VanishException e) {
      Console console = System.console();
      if (e.code() != VanishException.Code.PASSPHRASE_REQUIRED || passphrase != null || console == null) throw e;
      int left = e.attemptsLeft().orElse(-1);
      char[] typed = console.readPassword("This room needs its passphrase%s: ",
          left < 0 ? "" : " (" + left + (left == 1 ? " attempt" : " attempts") + " left before it is destroyed)");
      if (typed == null || typed.length == 0) throw e;
      RoomKey typedKey = link.roomKey(new String(typed));
      java.util.Arrays.fill(typed, '\0');
      beforeJoin.accept(typedKey);
      return new Joined(typedKey, BlockingVanish.await(vanish.async().join(link, typedKey, name, listener)));
    }
  }

  /** A session and the keys it was joined with (for the safety code). */
  record Joined(RoomKey key, RoomSession session) {}

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
