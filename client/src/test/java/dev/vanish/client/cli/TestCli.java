// A stand-in for vanish.jar's Main in tests: the client's commands under one picocli root, run as a child JVM.
package dev.vanish.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "vanish", subcommands = {CreateCommand.class, JoinCommand.class, SendCommand.class})
public final class TestCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new TestCli()).execute(args));
  }
}
