// `vanish create`: creates a room with a fresh key (and, with --passphrase-file or VANISH_PASSPHRASE, a
// passphrase destroying the room after --attempts wrong ones) and prints the full link, and nothing else, on
// stdout, so LINK=$(vanish create) works. The passphrase is not in the link.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      String secret = passphrase.resolve();
      if (attempts != null && secret == null) {
        return CliSupport.fail(new IllegalArgumentException("--attempts needs a passphrase (--passphrase-file FILE or "
            + CliSupport.PASSPHRASE_ENV + ")"));
      }
      Link link = vanish.create(server, ttlSeconds, capacity, secret, attempts);
      System.out.println(link.format());
      System.out.flush();
      return 0;
    } catch (VanishException e) {
      return CliSupport.fail(e);
    }
  }
}
