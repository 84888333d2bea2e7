// The readable form of a report: one column per target (vanish, relay) and one row per figure, plus the
// ratio of Vanish to the relay when both ran.
package dev.vanish.bench;

import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

final class Table {

  private Table() {}

  static void print(PrintStream out, JsonObject report) {
    List<String> targets = new ArrayList<>();
    for (String t : List.of("vanish", "relay")) if (report.containsKey(t)) targets.add(t);
    JsonObject o = report.getJsonObject("options");
    out.printf(Locale.ROOT, "vanish bench: %d rooms x %d members, %.3g msg/s each, %.1f s (+%.1f s warm-up), %d-byte padding%n",
        o.getInteger("rooms"), o.getInteger("members"), o.getDouble("rate"), o.getDouble("durationSeconds"),
        o.getDouble("warmupSeconds"), o.getInteger("payloadBytes"));
    out.printf("%-26s", "");
    for (String t : targets) out.printf("%16s", t);
    out.println();
    row(out, report, targets, "connected", r -> r.getInteger("connected") + "/" + r.getInteger("members"));
    row(out, report, targets, "connect p50 / p99 (ms)", r -> ms(r.getJsonObject("connectMs"), "p50") + " / " + ms(r.getJsonObject("connectMs"), "p99"));
    row(out, report, targets, "connect max (ms)", r -> ms(r.getJsonObject("connectMs"), "max"));
    row(out, report, targets, "sent msgs/s", r -> num(r.getDouble("sentPerSecond")));
    row(out, report, targets, "delivered msgs/s", r -> num(r.getDouble("deliveredPerSecond")));
    for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
      row(out, report, targets, "latency " + (p.equals("p999") ? "p99.9" : p) + " (ms)", r -> ms(r.getJsonObject("latencyMs"), p));
    }
    row(out, report, targets, "sent (acked)", r -> String.valueOf(r.getLong("sent")));
    row(out, report, targets, "delivered / expected", r -> r.getLong("delivered") + "/" + r.getLong("expected"));
    row(out, report, targets, "lost", r -> String.valueOf(r.getLong("lost")));
    row(out, report, targets, "duplicates", r -> String.valueOf(r.getLong("duplicates")));
    row(out, report, targets, "errors", r -> String.valueOf(r.getLong("errors")));
    for (String t : targets) {
      JsonObject kinds = report.getJsonObject(t).getJsonObject("errorKinds");
      if (!kinds.isEmpty()) out.println("  " + t + " errors: " + kinds.encode());
    }
    JsonObject ratio = report.getJsonObject("ratio");
    if (ratio != null) {
      out.println("vanish / relay: delivered msgs/s x" + ratio.getValue("deliveredPerSecond") + ", p99 x" + ratio.getValue("p99"));
    }
    out.println(report.getBoolean("clean") ? "OK: every message delivered exactly once, no errors"
        : "FAILED: messages lost or duplicated, or errors (exit status 1)");
  }

  private static void row(PrintStream out, JsonObject report, List<String> targets, String name,
                          Function<JsonObject, String> cell) {
    out.printf("%-26s", name);
    for (String t : targets) out.printf("%16s", cell.apply(report.getJsonObject(t)));
    out.println();
  }

  private static String ms(JsonObject o, String key) {
    return String.format(Locale.ROOT, "%.2f", o.getDouble(key));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
