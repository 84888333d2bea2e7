// Entry point of vanish.jar: one picocli command per subcommand. A bare `java -jar vanish.jar` serves.
package dev.vanish.app;

import dev.vanish.app.doctor.DoctorCommand;
import dev.vanish.bench.BenchCommand;
import dev.vanish.client.cli.CreateCommand;
import dev.vanish.client.cli.JoinCommand;
import dev.vanish.client.cli.SendCommand;
import dev.vanish.server.ServeCommand;
import dev.vanish.server.web.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

@Command(name = "vanish", mixinStandardHelpOptions = true, version = "vanish 0.1.0",
    description = "Private, self-destructing, end-to-end-encrypted chat rooms.",
    subcommands = {ServeCommand.class, CreateCommand.class, JoinCommand.class, SendCommand.class, BenchCommand.class,
        VerifyCommand.class, DoctorCommand.class, HealthCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // A container's HEALTHCHECK runs `health` every few seconds: it starts without building the other commands
    // (whose classes pull in Vert.x and the server), which would take it from ~0.1 s to ~0.9 s.
    if (args.length > 0 && args[0].equals("health")) {
      String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      Integer quick = HealthCommand.quick(rest, System.getenv(), System.out);
      System.exit(quick != null ? quick : new CommandLine(new HealthCommand()).setCommandName("vanish health").execute(rest));
    }
    System.exit(run(withDefaultCommand(args)));
  }

  /** No subcommand means serve: `vanish.jar` and `vanish.jar --port 9000` both start a server. */
  static String[] withDefaultCommand(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    boolean startsWithCommand = args.length > 0 && cl.getSubcommands().containsKey(args[0]);
    boolean rootOption = args.length > 0 && List.of("-h", "--help", "-V", "--version").contains(args[0]);
    if (startsWithCommand || rootOption) return args;
    String[] out = new String[args.length + 1];
    out[0] = "serve";
    System.arraycopy(args, 0, out, 1, args.length);
    return out;
  }

  /** Runs a command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // The doctor's ✓/✗ in UTF-8 whatever the locale (a container's is often POSIX, where Java 17 would print '?').
    cl.getSubcommands().get("doctor").setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    return cl.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
