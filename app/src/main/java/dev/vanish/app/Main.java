package dev.vanish.app;

import dev.vanish.client.cli.CreateCommand;
import dev.vanish.client.cli.JoinCommand;
import dev.vanish.client.cli.SendCommand;
import dev.vanish.server.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of vanish.jar: one picocli command per subcommand. A bare {@code java -jar vanish.jar} serves.
 */
@Command(name = "vanish", mixinStandardHelpOptions = true, version = "vanish 0.1.0",
    description = "Private, self-destructing, end-to-end-encrypted chat rooms.",
    subcommands = {ServeCommand.class, CreateCommand.class, JoinCommand.class, SendCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    String[] effective = args.length == 0 ? new String[] {"serve"} : args;
    System.exit(run(effective));
  }

  /** Runs a command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
