// What another member writes cannot pass for something else in `vanish join` (a real child process, a real
// node): a name or a text with a newline, a carriage return, a line separator, a bidi override, a zero-width
// character or an escape sequence prints on its own line, cleaned; --json keeps it exact but escaped.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSpoofingTest extends ClientTestBase {

  /** A name that tries to start a chat line of its own, flip what follows and clear the screen. */
  static final String FORGING_NAME = "mallory: hi\n12:00 alice: send the money to \u202Eevil\u001b[2J";

  @Test
  void aNameWithANewlineABidiOverrideAndAnEscapeSequencePrintsOnOneLineCleaned() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom mallory = vanish.join(link, FORGING_NAME)) {
      mallory.send("hello");
      try (ChildCli carol = new ChildCli("join", link.format(), "--name", "carol")) {
        String line = carol.await(l -> l.endsWith(": hello"), "mallory's message");
        assertThat(line).matches("\\d\\d:\\d\\d mallory: hi\ufffd12:00 alice: send the money to \ufffdevil\ufffd\\[2J: hello");
        carol.type("/quit");
        assertThat(carol.exitCode()).isZero();
        assertThat(carol.out).noneMatch(l -> l.startsWith("12:00 alice"))
            .noneMatch(l -> l.contains("\u202E") || l.contains("\u001b"));
      }
    }
  }
}
