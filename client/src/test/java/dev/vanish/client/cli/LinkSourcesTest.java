// Where `join`, `send` and `create` take the link and the text from (real child processes, a real node): a
// file (--link-file, --text-file), stdin (-), VANISH_LINK, or an argument that still works but is warned
// about; the key is then nowhere in /proc/<pid>/cmdline. An unencrypted link to another machine is refused
// unless --insecure; every wrong way of giving the link is one clear line with its exit code.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.server.VanishServer;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LinkSourcesTest extends ClientTestBase {

  static final String ARGUMENT_WARNING = "vanish: warning: a link given as an argument is visible to every user of this"
      + " machine (ps, /proc/<pid>/cmdline) while the command runs and stays in your shell history; use --link-file FILE,"
      + " --link-file - (stdin) or VANISH_LINK";

  @Test
  void joinWithALinkFileWorksAndTheKeyIsNotInItsCommandLine() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli carol = new ChildCli("join", "--link-file", LinkFiles.of(link), "--name", "carol")) {
      carol.await(l -> l.contains("2 of 2 online"), "the status line");
      String cmdline = carol.procCmdline(); // read while it runs
      assertThat(cmdline).contains(" join --link-file ").doesNotContain(link.key()).doesNotContain(link.roomId());
      alice.send("hi carol");
      carol.await(l -> l.matches("\\d\\d:\\d\\d alice: hi carol"), "alice's message");
      carol.type("/quit");
      assertThat(carol.exitCode()).isZero();
      assertThat(carol.err()).isEmpty();
    }
  }

  @Test
  void aDashReadsTheLinkFromTheFirstLineOfStdinAndTheRestAreMessages() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli bot = new ChildCli("join", "--link-file", "-", "--json", "--name", "bot")) {
      bot.type(link.format());
      bot.type("hello from stdin");
      JsonObject own = new JsonObject(bot.await(l -> l.contains("hello from stdin"), "its own message"));
      assertThat(own.getBoolean("mine")).isTrue();
      assertThat(bot.procCmdline()).doesNotContain(link.key());
      ChatMessage m = alice.next(Duration.ofSeconds(10)).orElseThrow();
      assertThat(m.name()).isEqualTo("bot");
      assertThat(m.text()).isEqualTo("hello from stdin");
      bot.closeStdin();
      assertThat(bot.exitCode()).isZero();
      assertThat(bot.err()).isEmpty();
    }
  }

  @Test
  void atATerminalADashAsksForTheLinkWithoutEchoingIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) gives the child a terminal");
    Link link = vanish.create(node.base(), null, 2);
    vanish.send(link, "alice", "behind the prompt");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c",
        javaBin + " " + TestCli.class.getName() + " join --link-file - --json", "/dev/null");
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().remove("VANISH_LINK");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    java.util.concurrent.LinkedBlockingQueue<Character> chars = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (var in = new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)) {
        int c;
        while ((c = in.read()) >= 0) chars.add((char) c);
      } catch (java.io.IOException ignored) {
        // ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    StringBuilder seen = new StringBuilder();
    try {
      awaitText(chars, seen, "Paste the room's link (not shown): ");
      p.getOutputStream().write((link.format() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      awaitText(chars, seen, "behind the prompt");
      assertThat(seen.toString()).doesNotContain(link.key()); // not echoed
    } finally {
      p.destroyForcibly();
    }
  }

  private static void awaitText(java.util.concurrent.BlockingQueue<Character> chars, StringBuilder seen, String text)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!seen.toString().contains(text)) {
      Character c = chars.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (c == null) throw new AssertionError("no \"" + text + "\" on the terminal; it showed: " + seen);
      seen.append(c);
    }
  }

  @Test
  void joinTakesTheLinkFromVanishLinkWithoutAWarning() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    vanish.send(link, "alice", "before the bot");
    try (ChildCli bot = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json")) {
      assertThat(new JsonObject(bot.await(l -> l.contains("before the bot"), "the history")).getString("name")).isEqualTo("alice");
      assertThat(bot.procCmdline()).doesNotContain(link.key());
      bot.closeStdin();
      assertThat(bot.exitCode()).isZero();
      assertThat(bot.err()).isEmpty();
    }
  }

  @Test
  void aLinkGivenAsAnArgumentStillWorksButWarnsThatOtherUsersCanSeeIt() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    vanish.send(link, "alice", "before the bot");
    try (ChildCli bot = new ChildCli("join", link.format(), "--json")) {
      bot.await(l -> l.contains("before the bot"), "the history");
      bot.closeStdin();
      assertThat(bot.exitCode()).isZero();
      assertThat(bot.err().strip()).isEqualTo(ARGUMENT_WARNING);
    }
  }

  @Test
  void sendTakesTheLinkFromVanishLinkAndTheTextFromAFile() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    String text = "deploy finished\nall green";
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli ci = new ChildCli(Map.of("VANISH_LINK", link.format()), "send", "--text-file", LinkFiles.write(text + "\n"), "--name", "ci")) {
      assertThat(ci.exitCode()).as(ci.err()).isZero();
      assertThat(ci.err()).isEmpty();
      ChatMessage m = alice.next(Duration.ofSeconds(10)).orElseThrow();
      assertThat(m.name()).isEqualTo("ci");
      assertThat(m.text()).isEqualTo(text);
    }
  }

  @Test
  void sendReadsTheLinkAndThenTheTextFromStdin() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli ci = new ChildCli("send", "--link-file", "-", "--text-file", "-")) {
      ci.type(link.format());
      ci.type("first line");
      ci.type("second line");
      ci.closeStdin();
      assertThat(ci.exitCode()).as(ci.err()).isZero();
      assertThat(alice.next(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("first line\nsecond line");
      assertThat(ci.err()).isEmpty();
    }
  }

  @Test
  void aTextGivenAsAnArgumentStillWorksButWarns() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli ci = new ChildCli(Map.of("VANISH_LINK", link.format()), "send", "the text")) {
      assertThat(ci.exitCode()).as(ci.err()).isZero();
      assertThat(alice.next(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("the text");
      assertThat(ci.err().strip()).isEqualTo("vanish: warning: a message given as an argument is visible to every user of"
          + " this machine (ps, /proc/<pid>/cmdline) while the command runs and stays in your shell history; use"
          + " --text-file FILE or --text-file -");
    }
  }

  @Test
  void anHttpLinkToAnotherMachineIsRefusedExitTwoWithoutInsecure() throws Exception {
    Link remote = new Link("http://192.0.2.1:8080", vanish.create(node.base(), null, 2).roomId(), dev.vanish.client.crypto.RoomKey.generate().encoded());
    String refused = "vanish: refusing http://192.0.2.1:8080: http:// to another machine is unencrypted (anyone on the way"
        + " sees the room id and your seat and can alter what you receive); use its https:// address, or --insecure if you accept that";
    try (ChildCli join = new ChildCli(Map.of("VANISH_LINK", remote.format()), "join", "--json")) {
      assertThat(join.exitCode()).isEqualTo(2);
      assertThat(join.err().strip()).isEqualTo(refused);
      assertThat(join.out).isEmpty();
    }
    Run send = Run.of(new SendCommand(), "--link-file", LinkFiles.of(remote), "--text-file", LinkFiles.write("hi"));
    assertThat(send.code()).isEqualTo(2);
    assertThat(send.errLine()).isEqualTo(refused);
    Run create = Run.of(new CreateCommand(), "--server", "http://192.0.2.1:8080/");
    assertThat(create.code()).isEqualTo(2);
    assertThat(create.errLine()).isEqualTo(refused);
    // this machine by name, by any 127.x address and by ::1 is fine: the request is made (and fails: nothing listens)
    for (String local : new String[] {"http://localhost:1", "http://127.0.0.2:1", "http://[::1]:1"}) {
      Run r = Run.of(new SendCommand(), "--link-file", LinkFiles.of(new Link(local, remote.roomId(), remote.key())), "--text-file", LinkFiles.write("hi"));
      assertThat(r.code()).as(local).isEqualTo(1);
      assertThat(r.errLine()).startsWith("vanish: cannot reach the server at " + local);
    }
  }

  @Test
  void insecureLetsAnHttpLinkReachAnotherMachine() throws Exception {
    String address = nonLoopbackAddress();
    assumeTrue(address != null, "this machine has a non-loopback IPv4 address");
    Vertx vertx = Vertx.vertx();
    try {
      VanishServer remote = VanishServer.start(vertx, TestNode.testConfig().withHost(address))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      String server = "http://" + address + ":" + remote.port();
      assertThat(Run.of(new CreateCommand(), "--server", server).code()).isEqualTo(2);
      Path out = Files.createTempDirectory("vanish-").resolve("room.link");
      Run created = Run.of(new CreateCommand(), "--server", server, "--insecure", "--link-out", out.toString());
      assertThat(created.code()).as(created.err()).isZero();
      Link link = Link.parse(Files.readString(out));
      assertThat(link.origin()).isEqualTo(server);
      try (BlockingRoom alice = vanish.join(link, "alice");
           ChildCli bot = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json", "--insecure", "--name", "bot")) {
        bot.await(l -> l.contains("\"safety\""), "the safety line");
        bot.type("over plain http");
        assertThat(alice.next(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("over plain http");
        bot.closeStdin();
        assertThat(bot.exitCode()).isZero();
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void createWritesTheLinkIntoANewFileOnlyItsOwnerCanReadAndNeverOverwritesOne() throws Exception {
    Path out = Files.createTempDirectory("vanish-").resolve("room.link");
    Run r = Run.of(new CreateCommand(), "--server", node.base(), "--link-out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).doesNotContain("/r/"); // (the node's log shares this JVM's stdout; the link is not there)
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    Link link = Link.parse(Files.readString(out));
    try (BlockingRoom room = vanish.join(link, "checker")) {
      assertThat(room.session().capacity()).isEqualTo(2);
    }
    String before = Files.readString(out);
    Run again = Run.of(new CreateCommand(), "--server", node.base(), "--link-out", out.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.errLine()).isEqualTo("vanish: --link-out " + out + " exists already: give a new file");
    assertThat(Files.readString(out)).isEqualTo(before);
  }

  @Test
  void eachWrongWayOfGivingTheLinkIsOneClearLineWithItsExitCode() {
    Link link = vanish.create(node.base(), null, 2);
    String file = LinkFiles.of(link);
    assertLine(Run.of(new JoinCommand()), 2, "vanish: no link given: use --link-file FILE, --link-file - (stdin) or VANISH_LINK");
    assertLine(Run.of(new JoinCommand(), link.format(), "--link-file", file), 2,
        "vanish: the link is given twice: as an argument and with --link-file");
    assertLine(Run.of(new JoinCommand(), "--link-file", "/nonexistent/room.link"), 1,
        "vanish: cannot read the link file /nonexistent/room.link: no such file");
    assertLine(Run.of(new JoinCommand(), "--link-file", LinkFiles.write("\n")), 1, "vanish: the link file ");
    assertLine(Run.of(new SendCommand(), "--link-file", file), 2, "vanish: no message given: use --text-file FILE or --text-file - (stdin)");
    // with --text-file one argument is the link, two are the link and the text
    assertLine(Run.of(new SendCommand(), "--link-file", file, "--text-file", LinkFiles.write("a"), "b"), 2,
        "vanish: the link is given twice: as an argument and with --link-file");
    assertLine(Run.of(new SendCommand(), "--text-file", LinkFiles.write("a"), link.format(), "b"), 2,
        "vanish: the message is given twice: as an argument and with --text-file");
    assertLine(Run.of(new SendCommand(), "--link-file", file, link.format()), 2,
        "vanish: the one argument is a room link, but the link comes from --link-file: give the message with --text-file FILE or --text-file -");
  }

  private static void assertLine(Run r, int code, String startOfLine) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.errLine()).startsWith(startOfLine);
  }

  /** An IPv4 address of this machine that is not loopback (a test node can listen on it), or null. */
  private static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) continue;
      for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
      }
    }
    return null;
  }
}
