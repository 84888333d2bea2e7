package dev.vanish.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator against the in-process baseline relay: an honest relay gives a clean report; a relay that
 * drops or duplicates every Nth frame is caught by the accounting, and the exit status says so.
 */
class RelayBenchTest {

  private static final String[] SMALL = {"--baseline-relay", "--rooms", "4", "--members", "3", "--rate", "10",
      "--duration", "2s", "--warmup", "500ms", "--threads", "2", "--json"};
  // The drain ends as soon as everything expected has arrived, so a long one costs an honest run nothing and
  // keeps a loaded machine (CI runs other suites beside this one) from turning stragglers into "losses".
  private static final String[] LONG_DRAIN = {"--drain", "15s"};

  private static String[] with(String... extra) {
    if (extra.length == 0) extra = LONG_DRAIN;
    String[] all = new String[SMALL.length + extra.length];
    System.arraycopy(SMALL, 0, all, 0, SMALL.length);
    System.arraycopy(extra, 0, all, SMALL.length, extra.length);
    return all;
  }

  @Test
  void anHonestRelayDeliversEverythingOnce() {
    Bench b = Bench.run(with());
    JsonObject relay = b.json().getJsonObject("relay");
    assertThat(relay.getInteger("connected")).isEqualTo(12);
    assertThat(relay.getLong("sent")).isPositive();
    assertThat(relay.getLong("lost")).isZero();
    assertThat(relay.getLong("duplicates")).isZero();
    assertThat(relay.getLong("delivered")).isEqualTo(relay.getLong("sent") * 2);
    assertThat(relay.getJsonObject("latencyMs").getLong("count")).isPositive();
    assertThat(b.json().containsKey("vanish")).isFalse();
    assertThat(b.exit()).isZero();
  }

  @Test
  void aRelayDroppingFramesIsReportedAsLossAndFails() {
    Bench b = Bench.run(with("--relay-drop-every", "7", "--drain", "3s"));
    JsonObject relay = b.json().getJsonObject("relay");
    // each dropped frame is one message missing at both other members of its room
    assertThat(relay.getLong("lost")).isPositive();
    assertThat(relay.getLong("lost") % 2).isZero();
    assertThat(relay.getLong("delivered") + relay.getLong("lost")).isEqualTo(relay.getLong("expected"));
    assertThat(relay.getBoolean("clean")).isFalse();
    assertThat(b.exit()).isEqualTo(1);
  }

  @Test
  void aRelayDuplicatingFramesIsReportedAndFails() {
    Bench b = Bench.run(with("--relay-duplicate-every", "5", "--drain", "15s"));
    JsonObject relay = b.json().getJsonObject("relay");
    assertThat(relay.getLong("duplicates")).isPositive();
    assertThat(relay.getLong("lost")).isZero();
    assertThat(relay.getLong("delivered")).isEqualTo(relay.getLong("sent") * 2);
    assertThat(b.exit()).isEqualTo(1);
  }

  @Test
  void theTableNamesEveryFigure() {
    String[] args = java.util.Arrays.stream(with()).filter(a -> !a.equals("--json")).toArray(String[]::new);
    Bench b = Bench.run(args);
    assertThat(b.output()).contains("latency p99 (ms)", "latency p99.9 (ms)", "delivered msgs/s", "connect p50 / p99 (ms)",
        "lost", "duplicates", "errors", "OK: every message delivered exactly once");
    assertThat(b.exit()).isZero();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(Bench.run("--baseline-relay", "--members", "1").exit()).isEqualTo(2);
    assertThat(Bench.run("--baseline-relay", "--duration", "soon").exit()).isEqualTo(2);
    assertThat(Bench.run("--baseline-relay", "--rate", "-1").exit()).isEqualTo(2);
    assertThat(Bench.run("--server", "ftp://x", "--rooms", "1").exit()).isEqualTo(2);
  }
}
