// `vanish send LINK TEXT`: takes a seat, sends one message and leaves (HTTP only). TEXT "-" reads stdin.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "send", mixinStandardHelpOptions = true,
    description = "Join a room, send one message and leave. Prints nothing on success.")
public final class SendCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LINK", description = "The room's full link, key included.")
  String link;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The message; - reads it from stdin.")
  String text;

  @Option(names = "--name", description = "Display name shown to the others (default: a random one).")
  String name;

  @Mixin
  CliSupport.PassphraseOption passphrase = new CliSupport.PassphraseOption();

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      Link parsed = Link.parse(link);
      String message = "-".equals(text) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing() : text;
      if (message.isEmpty()) return CliSupport.fail(new IllegalArgumentException("nothing to send: the message is empty"));
      vanish.send(parsed, passphrase.resolve(), name == null ? CliSupport.randomName() : name, message);
      return 0;
    } catch (VanishException | IOException e) {
      return CliSupport.fail(e);
    }
  }
}
