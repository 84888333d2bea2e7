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
      try (ChildCli carol = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
        String line = carol.await(l -> l.endsWith(": hello"), "mallory's message");
        assertThat(line).matches("\\d\\d:\\d\\d mallory: hi\ufffd12:00 alice: send the money to \ufffdevil\ufffd\\[2J: hello");
        carol.type("/quit");
        assertThat(carol.exitCode()).isZero();
        assertThat(carol.out).noneMatch(l -> l.startsWith("12:00 alice"))
            .noneMatch(l -> l.contains("\u202E") || l.contains("\u001b"));
      }
    }
  }

  @Test
  void aTextCannotStartOverwriteOrHideALineAndItsOwnLinesAreIndented() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom mallory = vanish.join(link, "mallory")) {
      mallory.send("ok\r12:00 alice: forged\u202812:01 bob: too\u0085x\n12:02 carol: indented\u200b");
      try (ChildCli carol = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
        String line = carol.await(l -> l.contains(" mallory: ok"), "mallory's message");
        assertThat(line).matches("\\d\\d:\\d\\d mallory: ok\ufffd12:00 alice: forged\ufffd12:01 bob: too\ufffdx");
        assertThat(carol.await(l -> true, "the next line")).isEqualTo("      12:02 carol: indented\ufffd");
        carol.type("/quit");
        assertThat(carol.exitCode()).isZero();
      }
    }
  }

  @Test
  void aMemberNamedYouIsQuotedSoThatBareYouMarksOnlyOnesOwnMessagesAndItCannotBeTakenAsAName() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom mallory = vanish.join(link, "you")) {
      mallory.send("I am you");
      try (ChildCli carol = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
        assertThat(carol.await(l -> l.contains("I am you"), "the message")).matches("\\d\\d:\\d\\d \"you\": I am you");
        carol.type("me");
        assertThat(carol.await(l -> l.endsWith(": me"), "her own")).matches("\\d\\d:\\d\\d YOU: me");
        carol.type("/quit");
        assertThat(carol.exitCode()).isZero();
      }
    }
    Run r = Run.of(new JoinCommand(), "--link-file", LinkFiles.of(link), "--name", "You");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).isEqualTo("vanish: \"You\" cannot be a name: YOU marks each member's own messages");
  }

  @Test
  void jsonModeKeepsNamesAndTextsExactButEscapesEveryInvisibleCharacter() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    String text = "line\u2028separator, NEL\u0085, zero\u200bwidth, tag\udb40\udc41, \u202eflipped";
    try (BlockingRoom mallory = vanish.join(link, FORGING_NAME)) {
      mallory.send(text);
      try (ChildCli bot = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json")) {
        String line = bot.await(l -> l.contains("separator"), "mallory's message");
        assertThat(line.codePoints()).noneMatch(Untrusted::refused);
        JsonObject m = new JsonObject(line);
        assertThat(m.getString("name")).isEqualTo(FORGING_NAME);
        assertThat(m.getString("text")).isEqualTo(text);
        bot.closeStdin();
        assertThat(bot.exitCode()).isZero();
      }
    }
  }
}
