// What the create/join/send commands share: the one-line failure on stderr (exit 1) or bad usage (exit 2),
// the --server default, where the link comes from (--link-file F, - for stdin, VANISH_LINK, or an argument with
// a warning), the refusal of an unencrypted link to another machine (--insecure), the --ttl converter (600,
// 90s, 10m, 1h, 1d) and default display names.
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
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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

  /** Bad usage found after parsing (what picocli cannot check): one line on stderr, exit code 2. */
  static final class Usage extends RuntimeException {
    Usage(String message) {
      super(message);
    }
  }

  /** Prints the usage error's line and returns exit code 2. */
  static int usage(Usage e) {
    System.err.println("vanish: " + Untrusted.line(e.getMessage()));
    System.err.flush();
    return 2;
  }

  /** Prints a warning line on stderr (the command goes on). */
  static void warn(String message) {
    System.err.println("vanish: warning: " + message);
    System.err.flush();
  }

  /** The environment variable a link may come from (an argument would be visible to every local user). */
  static final String LINK_ENV = "VANISH_LINK";

  static final String VISIBLE = "is visible to every user of this machine (ps, /proc/<pid>/cmdline) while the command"
      + " runs and stays in your shell history";

  /** --link-file and --insecure, shared by join and send. */
  static final class LinkOption {
    @CommandLine.Option(names = "--link-file", paramLabel = "FILE",
        description = "Read the room's link from FILE (its first line); - reads it from stdin (then the rest of stdin"
            + " follows it). Otherwise env " + LINK_ENV + ".")
    String file;

    @CommandLine.Option(names = "--insecure",
        description = "Allow an http:// link to a server other than this machine (unencrypted on the network).")
    boolean insecure;

    /** Whether the link comes from --link-file or VANISH_LINK (so no argument is needed for it). */
    boolean given() {
      return file != null || env() != null;
    }

    /**
     * The link: from the argument (a warning unless it is -), else --link-file, else VANISH_LINK; both an
     * argument and --link-file, or none at all, is bad usage. Checked for an unencrypted remote server.
     */
    Link resolve(String argument) {
      String text;
      if (argument != null && file != null) throw new Usage("the link is given twice: as an argument and with --link-file");
      if (argument != null) {
        if ("-".equals(argument)) {
          text = stdinLine("link");
        } else {
          warn("a link given as an argument " + VISIBLE + "; use --link-file FILE, --link-file - (stdin) or " + LINK_ENV);
          text = argument;
        }
      } else if (file != null) {
        text = "-".equals(file) ? stdinLine("link") : firstLine(file, "link");
      } else if (env() != null) {
        text = env();
      } else {
        throw new Usage("no link given: use --link-file FILE, --link-file - (stdin) or " + LINK_ENV);
      }
      Link link = Link.parse(text);
      checkTransport(link.origin(), insecure);
      return link;
    }

    private static String env() {
      String v = System.getenv(LINK_ENV);
      return v == null || v.isBlank() ? null : v;
    }
  }

  /**
   * Refuses (bad usage) an http:// server that is not this machine: the link's room id, the seat token and every
   * ciphertext would cross the network unencrypted and could be altered on the way. https://, and http:// to
   * localhost, 127.0.0.0/8 or ::1, pass; so does anything with --insecure.
   */
  static void checkTransport(String server, boolean insecure) {
    URI u = URI.create(Link.normalizeServer(server));
    if (insecure || !"http".equalsIgnoreCase(u.getScheme()) || isLoopback(u.getHost())) return;
    throw new Usage("refusing " + u.getScheme() + "://" + u.getRawAuthority() + ": http:// to another machine is"
        + " unencrypted (anyone on the way sees the room id and your seat and can alter what you receive); use its"
        + " https:// address, or --insecure if you accept that");
  }

  /** localhost, or a literal address that is loopback; no name is looked up. */
  static boolean isLoopback(String host) {
    if (host == null) return false;
    if (host.equalsIgnoreCase("localhost")) return true;
    boolean literal = host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (!literal) return false;
    try {
      return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The first line of a file (for a link); BAD_LINK (exit 1) when it cannot be read or is empty. */
  static String firstLine(String file, String what) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw VanishException.badLink("cannot read the " + what + " file " + file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw VanishException.badLink("cannot read the " + what + " file " + file + ": " + e.getMessage());
    }
    String line = text.lines().findFirst().orElse("").strip();
    if (line.isEmpty()) throw VanishException.badLink("the " + what + " file " + file + " is empty");
    return line;
  }

  /**
   * One line from stdin, read byte by byte so that what follows it stays for the command (the messages of
   * `join`, the text of `send`); at a terminal it is asked for without echo, so it stays off the screen.
   */
  static String stdinLine(String what) {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Paste the room's %s (not shown): ", what);
      return typed == null ? "" : new String(typed);
    }
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    try {
      int b;
      while ((b = System.in.read()) >= 0 && b != '\n') line.write(b);
    } catch (IOException e) {
      throw VanishException.badLink("cannot read the " + what + " from stdin: " + e.getMessage());
    }
    return line.toString(StandardCharsets.UTF_8).strip();
  }

  /** Reads all of stdin (what is left of it) as UTF-8. */
  static String stdinRest() {
    try {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VanishException(VanishException.Code.INVALID_REQUEST, "cannot read stdin: " + e.getMessage());
    }
  }

  /** A name this client may send: not one that reads as the YOU marking one's own messages. */
  static String ownName(String name) {
    if (name == null) return randomName();
    if (Untrusted.line(name).strip().equalsIgnoreCase("you")) {
      throw new Usage("\"" + name.strip() + "\" cannot be a name: YOU marks each member's own messages");
    }
    return name;
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
