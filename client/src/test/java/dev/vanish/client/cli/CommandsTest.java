// create and send run in-process against a real node: stdout carries only the link, exit codes are 0 / 1 / 2,
// and every failure is one clear line on stderr. Links and texts come from files (--link-file, --text-file),
// as the README shows, never as arguments.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.Link;
import dev.vanish.client.crypto.RoomKey;
import dev.vanish.client.ClientTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest extends ClientTestBase {

  @Test
  void createPrintsOnlyTheFullLink() {
    Run r = Run.of(new CreateCommand(), "--server", node.base(), "--ttl", "10m", "--capacity", "3");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).matches("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}\\R");
    try (BlockingRoom room = vanish.join(Link.parse(r.out()), "checker")) {
      long ttl = room.session().expiresAt() - System.currentTimeMillis();
      assertThat(ttl).isBetween(590_000L, 600_000L);
      assertThat(room.session().capacity()).isEqualTo(3);
    }
  }

  @Test
  void ttlAcceptsSecondsAndUnits() {
    CliSupport.TtlConverter c = new CliSupport.TtlConverter();
    assertThat(c.convert("600")).isEqualTo(600);
    assertThat(c.convert("90s")).isEqualTo(90);
    assertThat(c.convert("10m")).isEqualTo(600);
    assertThat(c.convert("1h")).isEqualTo(3600);
    assertThat(c.convert("1d")).isEqualTo(86400);
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(Run.of(new CreateCommand(), "--ttl", "soon").code()).isEqualTo(2);
    assertThat(Run.of(new CreateCommand(), "--capacity", "many").code()).isEqualTo(2);
    assertThat(Run.of(new SendCommand(), "only-a-link").code()).isEqualTo(2);
    assertThat(Run.of(new JoinCommand()).code()).isEqualTo(2);
    assertThat(Run.of(new JoinCommand(), "a", "b").code()).isEqualTo(2);
  }

  @Test
  void helpExitsZero() {
    Run r = Run.of(new JoinCommand(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--json", "--name", "LINK");
  }

  @Test
  void anUnreachableServerIsOneLine() {
    Run r = Run.of(new CreateCommand(), "--server", "http://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).startsWith("vanish: cannot reach the server at http://127.0.0.1:1");
  }

  @Test
  void sendDeliversOneMessageAndLeaves() {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom room = vanish.join(link, "listener")) {
      Run r = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--text-file", LinkFiles.write("hello from a script\n"),
          "--name", "bot");
      assertThat(r.code()).isZero();
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEmpty();
      ChatMessage m = room.next(Duration.ofSeconds(5)).orElseThrow();
      assertThat(m.name()).isEqualTo("bot");
      assertThat(m.text()).isEqualTo("hello from a script");
      // it left: the second seat is free again
      assertThat(Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--text-file", LinkFiles.write("again")).code()).isZero();
    }
  }

  @Test
  void sendFailuresAreOneClearLine() {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom a = vanish.join(link, "a"); BlockingRoom b = vanish.join(link, "b")) {
      assertFails(new SendCommand(), "vanish: room full", link.format());
    }
    assertFails(new SendCommand(), "vanish: the link has no key", link.withoutKey());
    assertFails(new SendCommand(), "vanish: the link's key is malformed", link.format().substring(0, link.format().length() - 5));
    assertFails(new SendCommand(), "vanish: room not found",
        new Link(node.base(), "AAAAAAAAAAAAAAAAAAAAAA", RoomKey.generate().encoded()).format());
    assertFails(new SendCommand(), "vanish: room not found or the link is wrong",
        new Link(link.origin(), link.roomId(), RoomKey.generate().encoded()).format());
    assertFails(new SendCommand(), "vanish: cannot reach the server",
        new Link("http://127.0.0.1:1", link.roomId(), link.key()).format());
  }

  @Test
  void joinFailuresAreOneClearLine() {
    Link link = vanish.create(node.base(), null, 2);
    assertFails(new JoinCommand(), "vanish: the link has no key", link.withoutKey());
    assertFails(new JoinCommand(), "vanish: room not found",
        new Link(node.base(), "AAAAAAAAAAAAAAAAAAAAAA", RoomKey.generate().encoded()).format(), "--json");
    try (BlockingRoom a = vanish.join(link, "a"); BlockingRoom b = vanish.join(link, "b")) {
      assertFails(new JoinCommand(), "vanish: room full", link.format());
    }
  }

  /** Runs the command with the link in a --link-file (and for send the text "hi" in a --text-file). */
  private static void assertFails(Object command, String line, String link, String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("--link-file", LinkFiles.write(link + "\n")));
    if (command instanceof SendCommand) all.addAll(java.util.List.of("--text-file", LinkFiles.write("hi")));
    all.addAll(java.util.List.of(args));
    Run r = Run.of(command, all.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).startsWith(line);
  }
}
