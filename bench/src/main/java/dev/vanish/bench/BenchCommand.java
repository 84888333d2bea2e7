// `vanish bench`: runs the load generator against Vanish server(s), against the in-process baseline relay
// (--baseline-relay), or both in one invocation (--compare-baseline, which adds the ratio of Vanish to the
// relay). Prints a table, or the JSON report with --json; exits 1 when anything was lost, duplicated or
// failed, so a script can trust a 0. `vanish bench soak` is the soak scenario instead (SoakCommand), `vanish bench
// files` the file throughput one (FilesBenchCommand).
package dev.vanish.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {SoakCommand.class, FilesBenchCommand.class},
    description = "Load-test Vanish: R rooms x M members over real WebSockets with the real protocol and crypto. "
        + "Members send open-loop at --rate; latency runs from each message's scheduled send time to its "
        + "decryption at every other member (HdrHistogram), and every delivery is accounted. "
        + "Exit status 1 when a message was lost or duplicated or an error occurred.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--server", split = ",", paramLabel = "URL",
      description = "Vanish server(s); repeat or comma-separate for several nodes (rooms and members round-robin). Default http://127.0.0.1:8080.")
  List<String> servers = new ArrayList<>();
  @Option(names = "--rooms", description = "Rooms (default 100).") int rooms = 100;
  @Option(names = "--members", description = "Members per room, also the room capacity (default 2).") int members = 2;
  @Option(names = "--rate", description = "Messages per second per member; 0 = connect and stay idle (default 1).") double rate = 1;
  @Option(names = "--duration", description = "Measured sending time: 60, 60s, 500ms, 2m (default 30s).") String duration = "30s";
  @Option(names = "--warmup", description = "Sending before the measurement starts, not measured but accounted (default 5s).") String warmup = "5s";
  @Option(names = "--payload-bytes", description = "Padding bytes in each message (default 100).") int payloadBytes = 100;
  @Option(names = "--ramp", description = "New connections per second (default 500).") double ramp = 500;
  @Option(names = "--drain", description = "How long to wait for late deliveries after the last send (default 10s).") String drain = "10s";
  @Option(names = "--hold", description = "With --rate 0: how long to keep the members connected (default 0).") String hold = "0";
  @Option(names = "--ready-file", description = "Written once every member has connected, before any message is sent (for scripts measuring the server).") Path readyFile;
  @Option(names = "--release-file", description = "With --rate 0 and --hold: stop holding as soon as this file exists.") Path releaseFile;
  @Option(names = "--threads", description = "Generator event loops (default 2 x CPUs).") int threads = 2 * Runtime.getRuntime().availableProcessors();
  @Option(names = "--ttl-seconds", description = "Room lifetime (default: long enough for the run, at least 600).") Integer ttlSeconds;
  @Option(names = "--baseline-relay", description = "Benchmark only the in-process baseline relay (no Vanish server needed).") boolean baselineOnly;
  @Option(names = "--compare-baseline", description = "After the Vanish run, run the same workload on the baseline relay and report the ratio.") boolean compare;
  @Option(names = "--json", description = "Print the report as one JSON object instead of a table.") boolean json;
  @Option(names = "--out", description = "Also write the JSON report to this file.") Path out;
  @Option(names = "--label", description = "A name for this run, copied into the report.") String label;
  @Option(names = "--relay-drop-every", hidden = true, description = "Test only: the relay drops every Nth frame.") int dropEvery;
  @Option(names = "--relay-duplicate-every", hidden = true, description = "Test only: the relay sends every Nth frame twice.") int duplicateEvery;

  /** Where the table or JSON goes; tests replace it. */
  PrintStream stdout = System.out;
  /** The last report, for tests. */
  JsonObject report;

  @Override
  public Integer call() throws Exception {
    LoadGenerator.Workload w;
    try {
      w = workload();
    } catch (IllegalArgumentException e) {
      System.err.println("vanish bench: " + e.getMessage());
      return 2;
    }
    if (servers.isEmpty()) servers.add("http://127.0.0.1:8080");
    int ttl = ttlSeconds != null ? ttlSeconds : (int) Math.max(600, w.rooms() * w.members() / Math.max(1, w.ramp())
        + w.warmupSeconds() + w.durationSeconds() + w.drainSeconds() + w.holdSeconds() + 300);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    try {
      BenchResult vanish = null, relay = null;
      if (!baselineOnly) {
        LoadGenerator gen = new LoadGenerator(vertx, w);
        VanishTransport t;
        try {
          t = new VanishTransport(vertx, servers, payloadBytes, ttl, gen.errors());
        } catch (RuntimeException e) {
          System.err.println("vanish bench: --server: " + e.getMessage());
          return 2;
        }
        vanish = gen.run(t, threads);
      }
      if (baselineOnly || compare) relay = runRelay(w);
      report = report(w, vanish, relay);
      if (json) stdout.println(report.encodePrettily());
      else Table.print(stdout, report);
      if (out != null) Files.writeString(out, report.encodePrettily() + "\n");
      return report.getBoolean("clean") ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The relay gets a Vert.x of its own with one event loop, so it never shares a thread with the generator. */
  private BenchResult runRelay(LoadGenerator.Workload w) throws Exception {
    Vertx relayVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx genVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    try {
      BaselineRelay relay = LoadGenerator.await(BaselineRelay.start(relayVertx,
          new BaselineRelay.Faults(dropEvery, duplicateEvery)), 30);
      return new LoadGenerator(genVertx, w).run(new RelayTransport(genVertx, relay.port(), payloadBytes), threads);
    } finally {
      genVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      relayVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  LoadGenerator.Workload workload() {
    if (rooms < 1) throw new IllegalArgumentException("--rooms must be at least 1");
    if (members < 2) throw new IllegalArgumentException("--members must be at least 2");
    if (!(rate >= 0) || rate > 100_000) throw new IllegalArgumentException("--rate must be between 0 and 100000");
    if (payloadBytes < 0) throw new IllegalArgumentException("--payload-bytes must not be negative");
    if (!(ramp > 0)) throw new IllegalArgumentException("--ramp must be positive");
    if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
    return new LoadGenerator.Workload(rooms, members, rate, seconds("--duration", duration),
        seconds("--warmup", warmup), ramp, seconds("--drain", drain), seconds("--hold", hold), readyFile, releaseFile);
  }

  /** "60", "60s", "500ms", "2m" → seconds. */
  static double seconds(String option, String text) {
    String t = text.trim().toLowerCase();
    try {
      double v;
      if (t.endsWith("ms")) v = Double.parseDouble(t.substring(0, t.length() - 2)) / 1000;
      else if (t.endsWith("s")) v = Double.parseDouble(t.substring(0, t.length() - 1));
      else if (t.endsWith("m")) v = Double.parseDouble(t.substring(0, t.length() - 1)) * 60;
      else v = Double.parseDouble(t);
      if (!(v >= 0) || v > 86_400) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a duration such as 60, 60s, 500ms or 2m, not '" + text + "'");
    }
  }

  private JsonObject report(LoadGenerator.Workload w, BenchResult vanish, BenchResult relay) {
    JsonObject options = new JsonObject().put("servers", baselineOnly ? new JsonArray() : new JsonArray(servers))
        .put("rooms", w.rooms()).put("members", w.members()).put("rate", w.rate())
        .put("durationSeconds", w.durationSeconds()).put("warmupSeconds", w.warmupSeconds())
        .put("payloadBytes", payloadBytes).put("ramp", w.ramp()).put("drainSeconds", w.drainSeconds())
        .put("holdSeconds", w.holdSeconds()).put("threads", threads)
        .put("baselineRelay", baselineOnly).put("compareBaseline", compare);
    JsonObject r = new JsonObject().put("date", Instant.now().toString()).put("label", label)
        .put("java", System.getProperty("java.version")).put("vm", System.getProperty("java.vm.name"))
        .put("commit", Machine.commit()).put("cpus", Runtime.getRuntime().availableProcessors())
        .put("options", options);
    boolean clean = true;
    if (vanish != null) {
      r.put("vanish", vanish.toJson());
      clean &= vanish.clean();
    }
    if (relay != null) {
      r.put("relay", relay.toJson());
      clean &= relay.clean();
    }
    if (vanish != null && relay != null) {
      r.put("ratio", new JsonObject()
          .put("deliveredPerSecond", ratio(vanish.deliveredPerSecond(), relay.deliveredPerSecond()))
          .put("p99", ratio(vanish.latencyMs(99), relay.latencyMs(99))));
    }
    return r.put("clean", clean);
  }

  private static Double ratio(double a, double b) {
    return b == 0 ? null : BenchResult.round(a / b);
  }
}
