package dev.vanish.bench;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak driver for about 20 s against a real in-process node (memory engine), with lifetimes of 4–8 s so
 * that rooms come, expire and are destroyed within the run: members join, leave and resume after their
 * sockets are cut at the proxy, a non-reader is cut by the server's slow-reader bound (64 KiB here), and
 * every acknowledged message is accounted at every member that owes it. It fails if any of those did not
 * happen, or if anything was lost, duplicated or answered with an error.
 */
class SoakTest {

  @Test
  @Timeout(120)
  void roomChurnCreatesExpiresDestroysResumesAndCutsTheNonReaderWithoutOneError(@TempDir Path dir) throws Exception {
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 2);
    c = c.withHardening(c.hardening().withSockets(25_000, 60_000, 65_536));
    try (TestNode node = TestNode.start(c)) {
      SoakCommand cmd = new SoakCommand();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      cmd.stdout = new PrintStream(buf, true, StandardCharsets.UTF_8);
      Path warm = dir.resolve("warm"), end = dir.resolve("end");
      int exit = new CommandLine(cmd).execute("--server", node.base(), "--duration", "12s", "--warmup", "11s",
          "--room-rate", "2", "--ttl-min", "4", "--ttl-max", "8", "--rate", "2", "--destroy-fraction", "0.4",
          "--drops-per-room", "1", "--first-non-reader", "0.5s", "--non-reader-every", "100s",
          "--non-reader-hold", "5s", "--threads", "2", "--warm-file", warm.toString(), "--end-file", end.toString());
      JsonObject r = cmd.report;
      JsonObject n = r.getJsonObject("counts");
      String why = r.encodePrettily();
      System.out.println(why); // the figures, in the surefire report

      assertThat(r.getLong("errors")).as(why).isZero();
      assertThat(n.getLong("roomsCreated")).as(why).isGreaterThanOrEqualTo(20);
      assertThat(n.getLong("roomsFinished")).as(why).isEqualTo(r.getInteger("roomsStarted").longValue());
      assertThat(n.getLong("roomsExpired")).as(why).isPositive();
      assertThat(n.getLong("roomsDestroyed")).as(why).isPositive();
      assertThat(n.getLong("roomsExpired") + n.getLong("roomsDestroyed")).as(why).isEqualTo(n.getLong("roomsCreated"));
      assertThat(n.getLong("joins")).as(why).isGreaterThan(2 * n.getLong("roomsCreated"));
      assertThat(n.getLong("leaves")).as(why).isPositive();
      assertThat(n.getLong("drops")).as(why).isPositive();
      assertThat(n.getLong("resumed")).as(why).isEqualTo(n.getLong("drops"));
      assertThat(n.getLong("nonReaders")).as(why).isEqualTo(1);
      assertThat(n.getLong("nonReadersCut")).as(why).isEqualTo(1);
      assertThat(n.getLong("sent")).as(why).isGreaterThan(100);
      assertThat(n.getLong("expected")).as(why).isGreaterThan(n.getLong("sent"));
      assertThat(n.getLong("lost")).as(why).isZero();
      assertThat(n.getLong("duplicates")).as(why).isZero();
      assertThat(n.getLong("mismatched")).as(why).isZero();
      assertThat(warm).exists();
      assertThat(end).exists();
      assertThat(r.getBoolean("clean")).as(why).isTrue();
      assertThat(exit).isZero();
    }
  }
}
