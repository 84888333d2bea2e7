package dev.vanish.bench;

import dev.vanish.server.testsupport.NodeTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `vanish bench files` for a few seconds against a real in-process node (memory engine): five files of 1 MiB,
 * two at a time (so the last round has one), every one uploaded, downloaded, checked and deleted, and the report
 * carries the figures bench/run.sh reads: MiB/s each way, per-file times, verified, errors.
 */
class FilesBenchTest extends NodeTestBase {

  @Test
  void fiveFilesTwoAtATimeAllArriveIntactAndTheReportHasBothDirections(@TempDir Path dir) throws Exception {
    FilesBenchCommand cmd = new FilesBenchCommand();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    cmd.stdout = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Path out = dir.resolve("files.json"), ready = dir.resolve("ready");
    int exit = new CommandLine(cmd).execute("--server", node.base(), "--files", "5", "--file-bytes", "1MiB",
        "--parallel", "2", "--json", "--out", out.toString(), "--ready-file", ready.toString(), "--label", "test");
    JsonObject r = cmd.report;
    String why = r.encodePrettily();
    assertThat(new JsonObject(buf.toString(StandardCharsets.UTF_8))).isEqualTo(r);
    assertThat(new JsonObject(Files.readString(out))).isEqualTo(r);
    assertThat(ready).exists();
    assertThat(r.getLong("errors")).as(why).isZero();
    assertThat(r.getInteger("verified")).as(why).isEqualTo(5);
    for (String direction : new String[] {"upload", "download"}) {
      JsonObject p = r.getJsonObject(direction);
      assertThat(p.getLong("files")).as(why).isEqualTo(5);
      assertThat(p.getLong("bytes")).as(why).isEqualTo(5L << 20);
      assertThat(p.getDouble("mibPerSecond")).as(why).isPositive();
      assertThat(p.getJsonObject("fileMs").getDouble("max")).as(why)
          .isGreaterThanOrEqualTo(p.getJsonObject("fileMs").getDouble("p50")).isPositive();
    }
    assertThat(r.getJsonObject("options").getLong("fileBytes")).isEqualTo(1L << 20);
    assertThat(r.getBoolean("clean")).as(why).isTrue();
    assertThat(exit).isZero();
  }
}
