// Passphrase rooms from the command line against a real node: created with --passphrase-file and --attempts,
// read with the right passphrase (file or VANISH_PASSPHRASE), and a wrong one exits 1 saying how many
// attempts remain, until the room destroys itself. Never a plain --passphrase argument.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassphraseCliTest extends ClientTestBase {

  static final String RIGHT = "correct horse battery staple";

  private static Path file(String content) throws Exception {
    Path f = Files.createTempFile("vanish-pass-", ".txt");
    Files.writeString(f, content);
    f.toFile().deleteOnExit();
    return f;
  }

  private Link create(int attempts) throws Exception {
    Run r = Run.of(new CreateCommand(), "--server", node.base(), "--passphrase-file", file(RIGHT + "\n").toString(),
        "--attempts", Integer.toString(attempts));
    assertThat(r.code()).as(r.err()).isZero();
    // (the node's own log shares this JVM's stdout: take the link's line)
    return Link.parse(r.out().lines().filter(l -> l.startsWith("http://") && l.contains("/r/")).reduce((x, y) -> y).orElseThrow());
  }

  @Test
  void theRightPassphraseFromAFileReadsAndSendsWhileTheLinkAloneTakesNoSeat() throws Exception {
    Link link = create(5);
    Path pass = file(RIGHT + "\n");
    try (BlockingRoom alice = vanish.join(link, RIGHT, "alice")) {
      Run sent = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--text-file", LinkFiles.write("the code is 4711"), "--name", "bot", "--passphrase-file", pass.toString());
      assertThat(sent.code()).as(sent.err()).isZero();
      assertThat(alice.next(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("the code is 4711");
      assertThat(alice.drainNotices()).isEmpty();
      assertThatThrownBy(() -> vanish.join(link, "no passphrase"))
          .isInstanceOfSatisfying(VanishException.class, e -> {
            assertThat(e.code()).isEqualTo(VanishException.Code.PASSPHRASE_REQUIRED);
            assertThat(e.attemptsLeft()).contains(5); // asking is not a failed attempt
          });
    }
  }

  @Test
  void thePassphraseFromTheEnvironmentReads() throws Exception {
    Link link = create(5);
    vanish.send(link, RIGHT, "alice", "before the bot");
    try (ChildCli bot = new ChildCli(Map.of("VANISH_PASSPHRASE", RIGHT, "VANISH_LINK", link.format()), "join", "--json")) {
      JsonObject m = new JsonObject(bot.await(l -> l.contains("before the bot"), "the history"));
      assertThat(m.getString("name")).isEqualTo("alice");
      assertThat(new JsonObject(bot.out.get(0)).getString("code")).isEqualTo(link.roomKey(RIGHT).safetyCode());
    }
  }

  @Test
  void aWrongPassphraseExitsOneSayingHowManyAttemptsRemainUntilTheRoomIsGone() throws Exception {
    Link link = create(3);
    Path wrong = file("Tr0ub4dor&3");
    Run asked = Run.of(new JoinCommand(), "--link-file", LinkFiles.of(link), "--json");
    assertThat(asked.code()).isEqualTo(1);
    assertThat(asked.out()).isEmpty();
    assertThat(asked.errLine()).isEqualTo("vanish: this room needs its passphrase (--passphrase-file FILE or VANISH_PASSPHRASE): 3 attempts left");

    Run first = Run.of(new JoinCommand(), "--link-file", LinkFiles.of(link), "--json", "--passphrase-file", wrong.toString());
    assertThat(first.code()).isEqualTo(1);
    assertThat(first.out()).isEmpty();
    assertThat(first.errLine()).isEqualTo("vanish: wrong passphrase: 2 attempts left before the room is destroyed");
    Run second = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--text-file", LinkFiles.write("hi"), "--passphrase-file", wrong.toString());
    assertThat(second.errLine()).isEqualTo("vanish: wrong passphrase: 1 attempt left before the room is destroyed");
    Run last = Run.of(new JoinCommand(), "--link-file", LinkFiles.of(link), "--passphrase-file", wrong.toString());
    assertThat(last.code()).isEqualTo(1);
    assertThat(last.errLine()).isEqualTo("vanish: wrong passphrase: that was the last attempt, the room is destroyed");

    assertThatThrownBy(() -> vanish.join(link, RIGHT, "too late"))
        .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.ROOM_NOT_FOUND));
  }

  @Test
  void thePassphraseIsNeverAPlainArgumentAndAttemptsNeedOne() {
    assertThat(Run.of(new JoinCommand(), "http://127.0.0.1:1/r/x#y", "--passphrase", RIGHT).code()).isEqualTo(2);
    assertThat(Run.of(new CreateCommand(), "--passphrase", RIGHT).code()).isEqualTo(2);
    Run r = Run.of(new CreateCommand(), "--server", node.base(), "--attempts", "3");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLine()).isEqualTo("vanish: --attempts needs a passphrase (--passphrase-file FILE or VANISH_PASSPHRASE)");
  }

  @Test
  void atATerminalJoinAsksForThePassphraseWithoutEchoAndReads() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) gives the child a terminal");
    Link link = create(4);
    vanish.send(link, RIGHT, "alice", "behind the passphrase");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c",
        javaBin + " " + TestCli.class.getName() + " join --json", "/dev/null");
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("VANISH_LINK", link.format());
    pb.environment().remove("VANISH_PASSPHRASE");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    StringBuilder seen = new StringBuilder();
    java.util.concurrent.LinkedBlockingQueue<Character> chars = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
        int c;
        while ((c = in.read()) >= 0) chars.add((char) c);
      } catch (java.io.IOException ignored) {
        // ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      awaitText(chars, seen, "This room needs its passphrase (4 attempts left before it is destroyed): ");
      p.getOutputStream().write((RIGHT + "\n").getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      awaitText(chars, seen, "behind the passphrase");
      assertThat(seen.toString()).contains(new JsonObject().put("type", "safety").put("code", link.roomKey(RIGHT).safetyCode()).encode())
          .doesNotContain(RIGHT); // not echoed
    } finally {
      p.destroyForcibly();
    }
  }

  private static void awaitText(java.util.concurrent.BlockingQueue<Character> chars, StringBuilder seen, String text)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!seen.toString().contains(text)) {
      Character c = chars.poll(Math.max(1, deadline - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (c == null) throw new AssertionError("no \"" + text + "\" on the terminal; it showed: " + seen);
      seen.append(c);
    }
  }
}
