// What one target (Vanish or the relay) did in one run: connections, sends, deliveries and their accounting,
// latency percentiles. Rendered as a JSON object for --json and as rows of the readable table.
package dev.vanish.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Map;

public record BenchResult(String target, int members, int connected, Histogram connectMicros, Histogram latencyMicros,
                          double windowSeconds, long ackedInWindow, long deliveredInWindow, Accountant.Tally tally,
                          long errors, Map<String, Long> errorKinds) {

  public double sentPerSecond() {
    return windowSeconds <= 0 ? 0 : ackedInWindow / windowSeconds;
  }

  public double deliveredPerSecond() {
    return windowSeconds <= 0 ? 0 : deliveredInWindow / windowSeconds;
  }

  public double latencyMs(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxLatencyMs() {
    return latencyMicros.getMaxValue() / 1000.0;
  }

  /** True when every member connected and every acknowledged message reached every other member exactly once. */
  public boolean clean() {
    return errors == 0 && tally.lost() == 0 && tally.duplicates() == 0 && tally.foreign() == 0 && connected == members;
  }

  public JsonObject toJson() {
    JsonObject latency = new JsonObject().put("count", latencyMicros.getTotalCount())
        .put("p50", round(latencyMs(50))).put("p90", round(latencyMs(90))).put("p99", round(latencyMs(99)))
        .put("p999", round(latencyMs(99.9))).put("max", round(maxLatencyMs()))
        .put("mean", round(latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1000.0));
    JsonObject connect = new JsonObject().put("count", connectMicros.getTotalCount())
        .put("p50", round(connectMicros.getValueAtPercentile(50) / 1000.0))
        .put("p99", round(connectMicros.getValueAtPercentile(99) / 1000.0))
        .put("max", round(connectMicros.getMaxValue() / 1000.0));
    JsonObject kinds = new JsonObject();
    errorKinds.forEach(kinds::put);
    return new JsonObject().put("target", target).put("members", members).put("connected", connected)
        .put("connectMs", connect).put("latencyMs", latency).put("windowSeconds", round(windowSeconds))
        .put("sent", tally.acked()).put("sentPerSecond", round(sentPerSecond()))
        .put("delivered", tally.delivered()).put("deliveredPerSecond", round(deliveredPerSecond()))
        .put("expected", tally.expected()).put("lost", tally.lost()).put("duplicates", tally.duplicates())
        .put("deliveredUnacked", tally.deliveredUnacked()).put("foreign", tally.foreign())
        .put("errors", errors).put("errorKinds", kinds).put("clean", clean());
  }

  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
