// A Vanish node as a separate JVM (`java -cp <this test classpath> dev.vanish.server.ServeCommand`), for tests
// that need what in-process nodes cannot give: SIGKILL, SIGTERM with the real shutdown hook, several nodes
// that share nothing but Redis. It listens on a free port (VANISH_PORT=0, read back from its log line) and
// counts as started once /readyz answers 200.
package dev.vanish.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class NodeProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
  private static final Pattern METRICS = Pattern.compile("metrics on (http://\\S+)/metrics");
  // HTTP/1.1 only: Java's HttpClient otherwise tries an h2c upgrade on a connection's first GET, and one
  // such scrape of a node (a large response) once hung past every timeout.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int port;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Test settings as environment: loopback, free port, minimum TTL 1 s, seat grace 2 s, no per-IP limits (rooms, seats, look-ups, message bytes) and no history-read limit. */
  public static Map<String, String> testEnv(String redisUrl, String prefix) {
    Map<String, String> env = new HashMap<>();
    env.put("VANISH_HOST", "127.0.0.1");
    env.put("VANISH_PORT", "0");
    env.put("VANISH_MIN_TTL_SECONDS", "1");
    env.put("VANISH_HISTORY_LIMIT", "50");
    env.put("VANISH_SEAT_GRACE_SECONDS", "2");
    // As TestNode: no per-IP room/seat/look-up limits (every test client is 127.0.0.1); nginx is the trusted proxy.
    env.put("VANISH_RATE_ROOMS", "off");
    env.put("VANISH_RATE_SEATS", "off");
    env.put("VANISH_RATE_LOOKUPS", "off");
    env.put("VANISH_RATE_MESSAGE_BYTES", "off");
    env.put("VANISH_RATE_HISTORY", "off");
    env.put("VANISH_SOCKETS_PER_IP", "0");
    env.put("VANISH_CONNECTIONS_PER_IP", "0");
    // Metrics on a free loopback port of its own (read back from the log), never the shared 9464.
    env.put("VANISH_METRICS_ADDRESS", "127.0.0.1:0");
    env.put("VANISH_TRUSTED_PROXIES", "127.0.0.1");
    if (redisUrl != null) {
      env.put("VANISH_REDIS_URL", redisUrl);
      env.put("VANISH_REDIS_PREFIX", prefix);
    }
    return env;
  }

  /** Starts a node with these VANISH_* settings (and nothing else from this JVM's environment) and waits for /readyz. */
  public static NodeProcess start(Map<String, String> vanishEnv) {
    return start(vanishEnv, "-Xmx256m");
  }

  /** As {@link #start(Map)} with another heap (e.g. "-Xmx512m" for ten thousand members). */
  public static NodeProcess start(Map<String, String> vanishEnv, String maxHeap) {
    return start(vanishEnv, maxHeap, "-XX:+UseSerialGC");
  }

  /**
   * As {@link #start(Map, String)} with another collector (e.g. "-XX:+UseG1GC", what `java -jar` picks on a server)
   * and more JVM options (e.g. "-XX:NativeMemoryTracking=summary").
   */
  public static NodeProcess start(Map<String, String> vanishEnv, String maxHeap, String collector, String... jvmOptions) {
    Path log;
    Process p;
    try {
      log = Files.createTempFile("vanish-node-", ".log");
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // Start fast and small: these nodes serve a handful of test clients.
          "-XX:TieredStopAtLevel=1", collector, "-Xms32m", maxHeap));
      cmd.addAll(List.of(jvmOptions));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vanish.server.ServeCommand"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("VANISH_"));
      pb.environment().putAll(vanishEnv);
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a node process", e);
    }
    // Ready once its log names the port it listens on (VANISH_PORT=0) and /readyz answers 200 there.
    Path logFile = log;
    Process process = p;
    NodeProcess[] node = new NodeProcess[1];
    try {
      LocalProcesses.awaitReady("node ready on /readyz", p, Duration.ofSeconds(30), 50, () -> {
        if (node[0] == null) {
          Matcher m = LISTENING.matcher(read(logFile));
          if (m.find()) node[0] = new NodeProcess(process, logFile, Integer.parseInt(m.group(1)));
          return false;
        }
        return node[0].status("/readyz") == 200;
      }, () -> read(logFile));
    } catch (IllegalStateException e) {
      p.destroyForcibly();
      throw e;
    }
    return node[0];
  }

  public int port() {
    return port;
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public Api api() {
    return new Api(base());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the node vanishes mid-flight, no shutdown hook, its sockets just drop. */
  public void kill() {
    process.destroyForcibly();
    waitFor(10_000);
  }

  /** SIGTERM: the graceful stop; returns without waiting (see {@link #waitFor}). */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit; returns its exit code, or throws if it still runs after the time. */
  public int waitFor(long timeoutMs) {
    try {
      if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) throw new AssertionError("node still running after " + timeoutMs + " ms");
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The HTTP status of a GET, or -1 when the node does not answer. */
  public int status(String path) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Where the node's metrics listener is (http://host:port), from its log; fails when it logged none. */
  public String metricsBase() {
    Matcher m = METRICS.matcher(read(log));
    if (!m.find()) throw new AssertionError("the node logged no metrics address:\n" + read(log));
    return m.group(1);
  }

  /** GET /metrics of the node's metrics listener as text (Prometheus format). */
  public String metricsText() {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create(metricsBase() + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build();
      HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) throw new AssertionError("/metrics answered " + res.statusCode() + ": " + res.body());
      return res.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The sum of every sample of one metric (all label sets), from a Prometheus text scrape; 0 when absent. */
  public static double metric(String scrape, String name) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#")) continue;
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** One metric of this node right now (see {@link #metric(String, String)}). */
  public double metric(String name) {
    return metric(metricsText(), name);
  }

  /** Everything the node printed (stdout and stderr). */
  public String log() {
    return read(log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "node pid " + process.pid() + " on " + port;
  }
}
