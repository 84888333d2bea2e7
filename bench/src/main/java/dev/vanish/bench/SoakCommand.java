// `vanish bench soak`: the soak scenario of bench/run.sh — room churn at a fixed rate against one node (see
// Churn and ChurnRoom for what happens in each room, and how every delivery is checked). Prints the JSON report
// (also written with --out) and exits 1 unless it is clean: no error of any kind, nothing lost, duplicated or
// mismatched, every room finished and every non-reader cut by the server. It measures nothing on the server
// itself: the script does that (heap after GC at the --warm-file and --end-file marks, Redis keys after).
package dev.vanish.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Soak a node with room churn at a fixed rate: rooms created with short lifetimes, chatted in, "
        + "expired or destroyed; members joining, leaving and resuming after their socket is cut; now and then "
        + "a member that stops reading, which the server must cut. Exit status 1 unless everything was clean.")
public final class SoakCommand implements Callable<Integer> {

  @Option(names = "--server", description = "The Vanish node (default http://127.0.0.1:8080).") String server = "http://127.0.0.1:8080";
  @Option(names = "--duration", description = "How long new rooms keep coming: 30m, 120s (default 30m); then the last ones are left to end.") String duration = "30m";
  @Option(names = "--warmup", description = "When the warm-up mark is written (default: the longest lifetime + 30 s).") String warmup;
  @Option(names = "--room-rate", description = "New rooms per second (default 1).") double roomRate = 1;
  @Option(names = "--ttl-min", description = "Shortest room lifetime in seconds (default 60).") int ttlMin = 60;
  @Option(names = "--ttl-max", description = "Longest room lifetime in seconds (default 120).") int ttlMax = 120;
  @Option(names = "--capacity", description = "Seats per room (default 4).") int capacity = 4;
  @Option(names = "--members", description = "Members joining each room at once (default 2; one more joins later, one leaves).") int members = 2;
  @Option(names = "--rate", description = "Messages per second per member (default 0.5).") double rate = 0.5;
  @Option(names = "--payload-bytes", description = "Padding bytes in each chat message (default 100).") int payloadBytes = 100;
  @Option(names = "--destroy-fraction", description = "Share of rooms destroyed by a member part-way (default 0.3).") double destroyFraction = 0.3;
  @Option(names = "--drops-per-room", description = "Sockets cut per room, each member resumes (default 1).") int drops = 1;
  @Option(names = "--non-reader-every", description = "A room with a non-reading member every …: 300s (default); 0 = none.") String nonReaderEvery = "300s";
  @Option(names = "--first-non-reader", description = "When the first one comes (default: 5 s after the warm-up mark).") String firstNonReader;
  @Option(names = "--non-reader-hold", description = "How long a non-reader stops reading before it checks it was cut (default 40s: below the server's 60 s idle timeout, so the cut is the slow-reader bound).") String nonReaderHold = "40s";
  @Option(names = "--firehose-talkers", description = "Members filling a non-reader's socket (default 3).") int talkers = 3;
  @Option(names = "--firehose-rate", description = "Their messages per second each (default 8, within the server's 10/s per member).") double firehoseRate = 8;
  @Option(names = "--firehose-payload-bytes", description = "Their padding bytes (default 16000).") int firehosePayload = 16000;
  @Option(names = "--seed", description = "Seed of every room's drawn life (default 1).") long seed = 1;
  @Option(names = "--threads", description = "Generator event loops (default 2 x CPUs).") int threads = 2 * Runtime.getRuntime().availableProcessors();
  @Option(names = "--warm-file", description = "Written when the warm-up ends.") Path warmFile;
  @Option(names = "--end-file", description = "Written when room creation stops.") Path endFile;
  @Option(names = "--out", description = "Also write the JSON report to this file.") Path out;
  @Option(names = "--label", description = "A name for this run, copied into the report.") String label;

  /** Where the JSON goes; tests replace it. */
  PrintStream stdout = System.out;
  /** The last report, for tests. */
  JsonObject report;

  @Override
  public Integer call() throws Exception {
    Churn.Plan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      System.err.println("vanish bench soak: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    try {
      Churn.Outcome o = new Churn(vertx, plan).run(server, threads);
      report = report(plan, o);
      stdout.println(report.encodePrettily());
      if (out != null) Files.writeString(out, report.encodePrettily() + "\n");
      return report.getBoolean("clean") ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  Churn.Plan plan() {
    double d = BenchCommand.seconds("--duration", duration);
    if (!(roomRate > 0) || roomRate > 1000) throw new IllegalArgumentException("--room-rate must be between 0 and 1000");
    if (ttlMin < 1 || ttlMax < ttlMin) throw new IllegalArgumentException("--ttl-min must be at least 1 and at most --ttl-max");
    if (members < 1 || members + 1 > capacity) throw new IllegalArgumentException("--capacity must leave a seat for the late joiner");
    if (!(rate >= 0) || !(firehoseRate >= 0)) throw new IllegalArgumentException("rates must not be negative");
    if (!(destroyFraction >= 0 && destroyFraction <= 1)) throw new IllegalArgumentException("--destroy-fraction must be between 0 and 1");
    if (threads < 1 || talkers < 1 || drops < 0 || payloadBytes < 0 || firehosePayload < 0) {
      throw new IllegalArgumentException("--threads and --firehose-talkers must be positive, counts and sizes not negative");
    }
    double w = warmup != null ? BenchCommand.seconds("--warmup", warmup) : Math.min(ttlMax + 30, d / 2);
    return new Churn.Plan(d, w, roomRate, ttlMin, ttlMax, capacity, members, rate, payloadBytes, destroyFraction, drops,
        BenchCommand.seconds("--non-reader-every", nonReaderEvery), firstNonReader != null ? BenchCommand.seconds("--first-non-reader", firstNonReader) : w + 5,
        (long) (BenchCommand.seconds("--non-reader-hold", nonReaderHold) * 1000), talkers, firehoseRate, firehosePayload,
        seed, warmFile, endFile);
  }

  private JsonObject report(Churn.Plan p, Churn.Outcome o) {
    JsonObject options = new JsonObject().put("server", server).put("durationSeconds", p.durationSeconds())
        .put("warmupSeconds", p.warmupSeconds()).put("roomRate", p.roomRate()).put("ttlMinSeconds", p.ttlMinSeconds())
        .put("ttlMaxSeconds", p.ttlMaxSeconds()).put("capacity", p.capacity()).put("members", p.initialMembers())
        .put("rate", p.rate()).put("payloadBytes", p.payloadBytes()).put("destroyFraction", p.destroyFraction())
        .put("dropsPerRoom", p.dropsPerRoom()).put("nonReaderEverySeconds", p.nonReaderEverySeconds())
        .put("nonReaderHoldMs", p.nonReaderHoldMs()).put("firehoseTalkers", p.firehoseTalkers())
        .put("firehoseRate", p.firehoseRate()).put("firehosePayloadBytes", p.firehosePayloadBytes())
        .put("seed", p.seed()).put("threads", threads);
    JsonObject kinds = new JsonObject();
    o.errors().snapshot().forEach(kinds::put);
    JsonObject c = o.counters().toJson();
    long errors = o.errors().total();
    boolean clean = errors == 0 && c.getLong("lost") == 0 && c.getLong("duplicates") == 0
        && c.getLong("mismatched") == 0 && c.getLong("roomsFinished") == o.roomsStarted()
        && c.getLong("nonReadersCut").equals(c.getLong("nonReaders"));
    return new JsonObject().put("date", Instant.now().toString()).put("label", label)
        .put("java", System.getProperty("java.version")).put("commit", Machine.commit()).put("options", options)
        .put("roomsStarted", o.roomsStarted()).put("liveRoomsAtWarm", o.liveAtWarm()).put("liveRoomsAtEnd", o.liveAtEnd())
        .put("seconds", BenchResult.round(o.seconds())).put("counts", c).put("errors", errors).put("errorKinds", kinds)
        .put("clean", clean);
  }
}
