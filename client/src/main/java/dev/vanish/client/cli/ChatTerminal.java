// Line input and output of the interactive chat: JLine (messages printed above the prompt being typed) when
// stdin/stdout are a terminal, else plain lines on stdin/stdout.
package dev.vanish.client.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

interface ChatTerminal extends AutoCloseable {

  /** The next line typed, or null at end of input (EOF, Ctrl-D, Ctrl-C). */
  String readLine();

  /** Prints one line (above the prompt on a terminal); safe from any thread. */
  void println(String line);

  @Override
  void close();

  static ChatTerminal open() {
    if (System.console() != null) {
      try {
        return new JLineTerminal();
      } catch (IOException | RuntimeException e) {
        // fall back to plain lines
      }
    }
    return new PlainTerminal();
  }

  final class PlainTerminal implements ChatTerminal {
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @Override
    public String readLine() {
      try {
        return in.readLine();
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public synchronized void println(String line) {
      System.out.println(line);
      System.out.flush();
    }

    @Override
    public void close() {}
  }

  final class JLineTerminal implements ChatTerminal {
    private final Terminal terminal;
    private final LineReader reader;

    JLineTerminal() throws IOException {
      terminal = TerminalBuilder.builder().system(true).build();
      reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    @Override
    public String readLine() {
      try {
        return reader.readLine("> ");
      } catch (UserInterruptException | EndOfFileException e) {
        return null;
      }
    }

    @Override
    public void println(String line) {
      reader.printAbove(line);
    }

    @Override
    public void close() {
      try {
        terminal.close();
      } catch (IOException ignored) {
        // exiting
      }
    }
  }
}
