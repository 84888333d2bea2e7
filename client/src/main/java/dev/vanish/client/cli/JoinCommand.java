// `vanish join LINK`: the interactive terminal chat, or with --json a line-based bridge for bots and scripts.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "join", mixinStandardHelpOptions = true,
    description = {"Join a room from its link and chat in the terminal (/destroy, /leave, /quit).",
        "With --json: no UI; each received message is one JSON line on stdout, each stdin line is sent;"
            + " exits at end of input (leaving the room) or when the room ends."})
public final class JoinCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LINK", description = "The room's full link, key included.")
  String link;

  @Option(names = "--name", description = "Display name shown to the others (default: a random one).")
  String name;

  @Option(names = "--json", description = "Machine mode: JSON lines out, text lines in.")
  boolean json;

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      Link parsed = Link.parse(link);
      String who = name == null ? CliSupport.randomName() : name;
      return json ? new JsonBridge(vanish, parsed, who).run() : new ChatScreen(vanish, parsed, who).run();
    } catch (VanishException e) {
      return CliSupport.fail(e);
    }
  }
}
