// `vanish join`: the interactive terminal chat, or with --json a line-based bridge for bots and scripts. The
// link comes from --link-file F (- for stdin's first line), VANISH_LINK, or, with a warning that it is visible
// to other local users, an argument.
// Both show the room's safety code first and every integrity notice. A passphrase room takes
// --passphrase-file F, VANISH_PASSPHRASE, or a prompt at a terminal; a wrong passphrase exits 1 saying how
// many attempts remain.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "join", mixinStandardHelpOptions = true,
    description = {"Join a room from its link and chat in the terminal (/send PATH, /destroy, /leave, /quit).",
        "With --json: no UI; each received message is one JSON line on stdout, each stdin line is sent;"
            + " exits at end of input (leaving the room) or when the room ends. Its first line is"
            + " {\"type\":\"safety\",\"code\":…}; integrity notices are lines {\"type\":\"notice\",\"code\":…};"
            + " each file a line {\"type\":\"file\",\"id\",\"name\",\"size\",\"mime\",\"sha256\",\"path\",…}."})
public final class JoinCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "LINK",
      description = "The room's full link, key included; - reads it from stdin. Prefer --link-file or " + CliSupport.LINK_ENV
          + ": an argument " + CliSupport.VISIBLE + ".")
  String link;

  @Mixin
  CliSupport.LinkOption linkOption = new CliSupport.LinkOption();

  @Option(names = "--name", description = "Display name shown to the others (default: a random one).")
  String name;

  @Option(names = "--json", description = "Machine mode: JSON lines out, text lines in.")
  boolean json;

  @Option(names = "--save-dir", paramLabel = "DIR", description = "Save every file the others send into DIR (an existing"
      + " folder), under its cleaned name, never overwriting (\"name (1).ext\"). Without it files are announced, not saved.")
  Path saveDir;

  @Mixin
  CliSupport.PassphraseOption passphrase = new CliSupport.PassphraseOption();

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      if (saveDir != null && !Files.isDirectory(saveDir)) throw new CliSupport.Usage("--save-dir " + saveDir + " is not a folder");
      Link parsed = linkOption.resolve(link);
      String who = CliSupport.ownName(name);
      String secret = passphrase.resolve();
      return json ? new JsonBridge(vanish, parsed, secret, who, saveDir).run()
          : new ChatScreen(vanish, parsed, secret, who, saveDir).run();
    } catch (CliSupport.Usage e) {
      return CliSupport.usage(e);
    } catch (VanishException e) {
      return CliSupport.fail(e);
    }
  }
}
