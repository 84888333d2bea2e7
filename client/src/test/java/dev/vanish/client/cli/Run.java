// Runs one picocli command in-process with System.out and System.err captured: exit code and both outputs.
package dev.vanish.client.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

record Run(int code, String out, String err) {

  static synchronized Run of(Object command, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(command).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The one line of stderr (asserting there is exactly one). */
  String errLine() {
    String[] lines = err.strip().split("\n");
    if (lines.length != 1 || lines[0].isBlank()) throw new AssertionError("expected one stderr line, got: " + err);
    return lines[0];
  }
}
