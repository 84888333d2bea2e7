// `vanish create`: creates a room with a fresh key (and, with --passphrase-file or VANISH_PASSPHRASE, a
// passphrase destroying the room after --attempts wrong ones) and prints the full link, and nothing else, on
// stdout, so LINK=$(vanish create) works, or with --link-out F into a new file only its owner can read (a shell
// redirect creates it readable by every local user under the usual umask). The passphrase is not in the link.
// An http:// server other than this machine is refused unless --insecure.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a room and print its link (the key included) on stdout.")
public final class CreateCommand implements Callable<Integer> {

  @Option(names = "--server", paramLabel = "URL", defaultValue = CliSupport.SERVER_DEFAULT, description = CliSupport.SERVER_HELP)
  String server;

  @Option(names = "--ttl", converter = CliSupport.TtlConverter.class, paramLabel = "DURATION",
      description = "Lifetime: seconds or 90s, 10m, 1h, 1d (default: the server's, 10m).")
  Integer ttlSeconds;

  @Option(names = "--capacity", paramLabel = "SEATS", description = "Number of seats (default: the server's, 2).")
  Integer capacity;

  @Mixin
  CliSupport.PassphraseOption passphrase = new CliSupport.PassphraseOption();

  @Option(names = "--attempts", paramLabel = "N",
      description = "With a passphrase: wrong passphrases (3-10) after which the room destroys itself (default: the server's, 5).")
  Integer attempts;

  @Option(names = "--link-out", paramLabel = "FILE",
      description = "Write the link into FILE, a new file only you can read (rw-------), instead of stdout.")
  Path linkOut;

  @Option(names = "--insecure",
      description = "Allow an http:// server other than this machine (unencrypted on the network).")
  boolean insecure;

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      CliSupport.checkTransport(server, insecure);
      if (linkOut != null && Files.exists(linkOut, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliSupport.Usage("--link-out " + linkOut + " exists already: give a new file");
      }
      String secret = passphrase.resolve();
      if (attempts != null && secret == null) {
        return CliSupport.fail(new IllegalArgumentException("--attempts needs a passphrase (--passphrase-file FILE or "
            + CliSupport.PASSPHRASE_ENV + ")"));
      }
      Link link = vanish.create(server, ttlSeconds, capacity, secret, attempts);
      if (linkOut != null) {
        writeOwnerOnly(linkOut, link.format() + "\n");
      } else {
        System.out.println(link.format());
        System.out.flush();
      }
      return 0;
    } catch (CliSupport.Usage e) {
      return CliSupport.usage(e);
    } catch (VanishException e) {
      return CliSupport.fail(e);
    }
  }

  /** Creates the file (never an existing one) with owner-only permissions from the start, then writes it. */
  private static void writeOwnerOnly(Path file, String text) {
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not a POSIX file system
      }
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliSupport.Usage("--link-out " + file + " exists already: give a new file");
    } catch (IOException e) {
      throw new VanishException(VanishException.Code.INVALID_REQUEST, "cannot write the link to " + file + ": " + e.getMessage());
    }
  }
}
