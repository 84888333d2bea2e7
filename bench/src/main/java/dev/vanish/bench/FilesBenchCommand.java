// `vanish bench files`: file throughput through the client library (docs/PERFORMANCE.md, issue 17). One room of
// two members on one node: the sender uploads --parallel files at once (random bytes, a fresh key each, chunked,
// encrypted, PUT, then the file message), the receiver downloads each announced file into memory (GET, decrypt,
// length and SHA-256 checked) and compares it with what was sent; then the sender deletes them and the next round
// starts, so the node holds at most one round of files. Upload time runs from the first sendFile of a round to
// its last ack, download time from the first download to the last one checked; MiB/s = bytes / those times.
// It measures nothing on the server: bench/run.sh reads the server's heap after GC meanwhile (jcmd).
// Exit status 1 unless every file arrived intact with no error.
package dev.vanish.bench;

import dev.vanish.client.ClientOptions;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.OutgoingFile;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

@Command(name = "files", mixinStandardHelpOptions = true,
    description = "Upload and download throughput of files through the client library: one room of two members, "
        + "--files files of --file-bytes random bytes, --parallel at a time; every file downloaded and checked. "
        + "Exit status 1 unless every file arrived intact.")
public final class FilesBenchCommand implements Callable<Integer> {

  @Option(names = "--server", description = "The Vanish node (default http://127.0.0.1:8080).") String server = "http://127.0.0.1:8080";
  @Option(names = "--files", description = "Files in all (default 20).") int files = 20;
  @Option(names = "--file-bytes", description = "Bytes per file: 10MiB (default), 512KiB, or a number.") String fileBytes = "10MiB";
  @Option(names = "--parallel", description = "Files uploaded (then downloaded) at once (default 1).") int parallel = 1;
  @Option(names = "--threads", description = "Client event loops (default 2).") int threads = 2;
  @Option(names = "--ready-file", description = "Written once both members joined, before the first upload.") Path readyFile;
  @Option(names = "--json", description = "Print the report as one JSON object instead of a table.") boolean json;
  @Option(names = "--out", description = "Also write the JSON report to this file.") Path out;
  @Option(names = "--label", description = "A name for this run, copied into the report.") String label;

  /** Where the table or JSON goes; tests replace it. */
  PrintStream stdout = System.out;
  /** The last report, for tests. */
  JsonObject report;

  @Override
  public Integer call() throws Exception {
    long size;
    try {
      size = bytes(fileBytes);
      if (files < 1 || parallel < 1 || threads < 1) throw new IllegalArgumentException("--files, --parallel and --threads must be at least 1");
    } catch (IllegalArgumentException e) {
      System.err.println("vanish bench files: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    VanishClient client = VanishClient.create(vertx, ClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(60)));
    Errors errors = new Errors();
    Phase up = new Phase(), down = new Phase();
    int verified = 0;
    try {
      Link link = LoadGenerator.await(client.createRoom(server, 3600, 2), 30);
      LinkedBlockingQueue<IncomingFile> arrived = new LinkedBlockingQueue<>();
      RoomSession sender = LoadGenerator.await(client.join(link, "sender", null), 30);
      RoomSession receiver = LoadGenerator.await(client.join(link, "receiver", new RoomListener() {
        @Override
        public void onFile(IncomingFile f) {
          arrived.add(f);
        }
      }), 30);
      if (readyFile != null) Files.writeString(readyFile, "2\n");
      SplittableRandom random = new SplittableRandom(1);
      for (int done = 0; done < files; ) {
        int round = Math.min(parallel, files - done);
        List<byte[]> sent = new ArrayList<>();
        List<OutgoingFile> outgoing = new ArrayList<>();
        for (int i = 0; i < round; i++) {
          byte[] b = new byte[(int) size];
          random.nextBytes(b);
          sent.add(b);
          outgoing.add(OutgoingFile.of(b, "bench-" + (done + i) + ".bin", null));
        }
        // upload the round, all at once
        long t0 = System.nanoTime();
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < round; i++) {
          long start = System.nanoTime();
          acks.add(sender.sendFile(outgoing.get(i), null).result()
              .onSuccess(a -> up.file(System.nanoTime() - start)).onFailure(e -> errors.add("upload:" + VanishTransport.kind(e))));
        }
        awaitAll(acks);
        long uploaded = acks.stream().filter(Future::succeeded).count();
        up.add(System.nanoTime() - t0, size * uploaded);
        // the receiver has every announced file (uploads complete before their message): download them all at once
        List<IncomingFile> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (got.size() < uploaded && System.currentTimeMillis() < deadline) {
          IncomingFile f = arrived.poll(100, TimeUnit.MILLISECONDS);
          if (f != null) got.add(f);
        }
        long t1 = System.nanoTime();
        List<Future<byte[]>> downloads = new ArrayList<>();
        for (IncomingFile f : got) {
          long start = System.nanoTime();
          downloads.add(f.download().onSuccess(b -> down.file(System.nanoTime() - start))
              .onFailure(e -> errors.add("download:" + VanishTransport.kind(e))));
        }
        awaitAll(new ArrayList<>(downloads));
        down.add(System.nanoTime() - t1, size * got.size());
        if (got.size() < uploaded) errors.add("not-announced");
        for (int i = 0; i < got.size(); i++) {
          Future<byte[]> d = downloads.get(i);
          int index = Integer.parseInt(got.get(i).rawName().replaceAll("\\D", "")) - done;
          if (d.succeeded() && index >= 0 && index < round
              && java.util.Arrays.equals(d.result(), sent.get(index))) { // the library checked the SHA-256 already
            verified++;
          } else if (d.succeeded()) {
            errors.add("mismatch");
          }
        }
        List<Future<?>> deletes = new ArrayList<>();
        for (IncomingFile f : got) deletes.add(sender.deleteFile(f.fileId()).onFailure(e -> errors.add("delete:" + VanishTransport.kind(e))));
        awaitAll(deletes);
        done += round;
      }
      LoadGenerator.await(receiver.leave(), 30);
      LoadGenerator.await(sender.destroy(), 30);
    } catch (Exception e) {
      errors.add("run:" + VanishTransport.kind(e instanceof java.util.concurrent.ExecutionException x && x.getCause() != null ? x.getCause() : e));
    } finally {
      client.closeAsync();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    report = report(size, up, down, verified, errors);
    if (json) stdout.println(report.encodePrettily());
    else print(report);
    if (out != null) Files.writeString(out, report.encodePrettily() + "\n");
    return report.getBoolean("clean") ? 0 : 1;
  }

  /** The time and bytes of one direction, and each file's own time. */
  static final class Phase {
    long nanos;
    long bytes;
    final Histogram perFile = new Histogram(3_600_000_000L, 3);

    synchronized void add(long ns, long b) {
      nanos += ns;
      bytes += b;
    }

    synchronized void file(long ns) {
      perFile.recordValue(Math.max(1, Math.min(ns / 1000, perFile.getHighestTrackableValue())));
    }

    synchronized JsonObject toJson() {
      double seconds = nanos / 1e9;
      return new JsonObject().put("files", perFile.getTotalCount()).put("bytes", bytes)
          .put("seconds", BenchResult.round(seconds))
          .put("mibPerSecond", BenchResult.round(seconds <= 0 ? 0 : bytes / (1024.0 * 1024.0) / seconds))
          .put("fileMs", new JsonObject().put("p50", BenchResult.round(perFile.getValueAtPercentile(50) / 1000.0))
              .put("max", BenchResult.round(perFile.getMaxValue() / 1000.0)));
    }
  }

  private static void awaitAll(List<? extends Future<?>> futures) throws Exception {
    List<Future<?>> all = new ArrayList<>(futures);
    Future.join(all).toCompletionStage().toCompletableFuture().handle((x, e) -> null).get(600, TimeUnit.SECONDS);
  }

  private JsonObject report(long size, Phase up, Phase down, int verified, Errors errors) {
    JsonObject kinds = new JsonObject();
    errors.snapshot().forEach(kinds::put);
    JsonObject options = new JsonObject().put("server", server).put("files", files).put("fileBytes", size)
        .put("parallel", parallel).put("threads", threads);
    return new JsonObject().put("date", Instant.now().toString()).put("label", label)
        .put("java", System.getProperty("java.version")).put("commit", Machine.commit())
        .put("cpus", Runtime.getRuntime().availableProcessors()).put("options", options)
        .put("upload", up.toJson()).put("download", down.toJson()).put("verified", verified)
        .put("errors", errors.total()).put("errorKinds", kinds).put("clean", errors.total() == 0 && verified == files);
  }

  private void print(JsonObject r) {
    JsonObject o = r.getJsonObject("options");
    stdout.printf(Locale.ROOT, "vanish bench files: %d files of %d bytes, %d at a time, against %s%n", o.getInteger("files"),
        o.getLong("fileBytes"), o.getInteger("parallel"), o.getString("server"));
    for (String dir : List.of("upload", "download")) {
      JsonObject p = r.getJsonObject(dir);
      stdout.printf(Locale.ROOT, "%-9s %8.1f MiB/s  (%d files, %.2f s; per file p50 %.1f ms, max %.1f ms)%n", dir,
          p.getDouble("mibPerSecond"), p.getLong("files"), p.getDouble("seconds"),
          p.getJsonObject("fileMs").getDouble("p50"), p.getJsonObject("fileMs").getDouble("max"));
    }
    stdout.println("verified  " + r.getInteger("verified") + "/" + o.getInteger("files")
        + (r.getLong("errors") == 0 ? "" : "; errors " + r.getJsonObject("errorKinds").encode()));
    stdout.println(r.getBoolean("clean") ? "OK: every file arrived intact" : "FAILED: files lost, damaged or errors (exit status 1)");
  }

  /** "10MiB", "512KiB", "1048576" → bytes. */
  static long bytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      long v;
      if (t.endsWith("mib")) v = Long.parseLong(t.substring(0, t.length() - 3)) << 20;
      else if (t.endsWith("kib")) v = Long.parseLong(t.substring(0, t.length() - 3)) << 10;
      else v = Long.parseLong(t);
      if (v < 0 || v > Integer.MAX_VALUE - 64) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--file-bytes must be a size such as 10MiB, 512KiB or 1048576, not '" + text + "'");
    }
  }
}
