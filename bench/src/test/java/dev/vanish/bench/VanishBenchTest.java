package dev.vanish.bench;

import dev.vanish.server.testsupport.NodeTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small honest run against a real in-process node (memory engine): every acknowledged message reaches every
 * other member exactly once, the histogram holds every measured delivery, and the JSON report carries every
 * field a script reads — including the relay column and the ratio when --compare-baseline is given.
 */
class VanishBenchTest extends NodeTestBase {

  @Test
  void aSmallRunDeliversEverythingOnceAndReportsEveryField(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path out = dir.resolve("report.json");
    Bench b = Bench.run("--server", node.base(), "--rooms", "5", "--members", "3", "--rate", "4", "--duration", "2s",
        "--warmup", "1s", "--drain", "15s", "--threads", "2", "--compare-baseline", "--json", "--label", "test",
        "--out", out.toString());

    JsonObject report = b.json();
    assertThat(new JsonObject(Files.readString(out))).isEqualTo(report);
    assertThat(report.fieldNames()).contains("date", "label", "java", "vm", "commit", "cpus", "options", "vanish",
        "relay", "ratio", "clean");
    assertThat(report.getJsonObject("options").fieldNames()).contains("servers", "rooms", "members", "rate",
        "durationSeconds", "warmupSeconds", "payloadBytes", "ramp", "drainSeconds", "threads", "compareBaseline");
    assertThat(report.getJsonObject("ratio").fieldNames()).containsExactlyInAnyOrder("deliveredPerSecond", "p99");

    for (String target : List.of("vanish", "relay")) {
      JsonObject r = report.getJsonObject(target);
      assertThat(r.fieldNames()).contains("connected", "connectMs", "latencyMs", "sent", "sentPerSecond", "delivered",
          "deliveredPerSecond", "expected", "lost", "duplicates", "errors", "errorKinds", "clean");
      assertThat(r.getJsonObject("latencyMs").fieldNames()).contains("count", "p50", "p90", "p99", "p999", "max");
      assertThat(r.getJsonObject("connectMs").fieldNames()).contains("p50", "p99", "max");
      assertThat(r.getInteger("connected")).as(target).isEqualTo(15);
      assertThat(r.getLong("errors")).as(target + " " + r.getJsonObject("errorKinds")).isZero();
      assertThat(r.getLong("lost")).as(target).isZero();
      assertThat(r.getLong("duplicates")).as(target).isZero();
      // about 15 members x 4/s x 3 s were due; each is delivered to the two others
      assertThat(r.getLong("sent")).as(target).isBetween(100L, 200L);
      assertThat(r.getLong("delivered")).as(target).isEqualTo(r.getLong("sent") * 2);
      assertThat(r.getLong("expected")).as(target).isEqualTo(r.getLong("delivered"));
      // only the 2 s after the warm-up are measured: fewer than all deliveries, but most of them
      long measured = r.getJsonObject("latencyMs").getLong("count");
      assertThat(measured).as(target).isPositive().isLessThan(r.getLong("delivered"))
          .isGreaterThanOrEqualTo(r.getLong("delivered") / 2);
      assertThat(r.getJsonObject("latencyMs").getDouble("max"))
          .isGreaterThanOrEqualTo(r.getJsonObject("latencyMs").getDouble("p50")).isPositive();
    }
    assertThat(report.getBoolean("clean")).isTrue();
    assertThat(b.exit()).isZero();
  }

  @Test
  @org.junit.jupiter.api.Timeout(300)
  void idleMembersConnectHoldAndSignalReadiness(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path ready = dir.resolve("ready");
    Path release = Files.createFile(dir.resolve("release")); // already there: the 10-minute hold ends at once
    Bench b = Bench.run("--server", node.base(), "--rooms", "10", "--members", "2", "--rate", "0", "--hold", "10m",
        "--ready-file", ready.toString(), "--release-file", release.toString(), "--json");
    assertThat(ready).hasContent("20\n");
    JsonObject r = b.json().getJsonObject("vanish");
    assertThat(r.getInteger("connected")).isEqualTo(20);
    assertThat(r.getJsonObject("connectMs").getLong("count")).isEqualTo(20);
    assertThat(r.getLong("sent")).isZero();
    assertThat(b.exit()).isZero();
  }

  @Test
  void anUnreachableServerIsAnErrorNotAHang() {
    Bench b = Bench.run("--server", "http://127.0.0.1:1", "--rooms", "2", "--members", "2", "--duration", "1s",
        "--warmup", "0", "--json");
    JsonObject r = b.json().getJsonObject("vanish");
    assertThat(r.getInteger("connected")).isZero();
    assertThat(r.getLong("errors")).isPositive();
    assertThat(b.exit()).isEqualTo(1);
  }
}
