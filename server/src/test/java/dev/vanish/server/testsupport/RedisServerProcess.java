// A private redis-server for tests, on a free port of 127.0.0.1 with persistence off. Uses redis-server from
// PATH (or -Dvanish.redis-server=/path), else the binary bundled in the embedded-redis test dependency.
// It can be stopped and started again on the same port, to test how the server rides out a Redis outage.
package dev.vanish.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

public final class RedisServerProcess implements AutoCloseable {

  private static Path binary;
  private static Path bundled;

  private final Path executable; // null = binary()
  private final int port;
  private final List<String> extraArgs;
  private final String password;
  private Process process;
  private Path logFile;

  /** Starts a redis-server; {@code extraArgs} are appended to its command line (e.g. "--requirepass", "pw"). */
  public RedisServerProcess(String... extraArgs) {
    this(null, extraArgs);
  }

  /** The redis-server 6.2 that embedded-redis bundles, whatever is on PATH: for the pre-7 code paths. */
  public static RedisServerProcess redis6(String... extraArgs) {
    try {
      return new RedisServerProcess(bundled(), extraArgs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RedisServerProcess(Path executable, String... extraArgs) {
    this.executable = executable;
    this.port = LocalProcesses.freePort();
    this.extraArgs = List.of(extraArgs);
    int i = this.extraArgs.indexOf("--requirepass");
    this.password = i >= 0 && i + 1 < extraArgs.length ? extraArgs[i + 1] : null;
    start();
  }

  public int port() { return port; }

  public String url() { return "redis://127.0.0.1:" + port; }

  public synchronized void start() {
    if (process != null && process.isAlive()) return;
    try {
      logFile = Files.createTempFile("vanish-redis-" + port + "-", ".log");
      Path exe = executable != null ? executable : binary();
      List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
      cmd.addAll(extraArgs);
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
    try {
      LocalProcesses.awaitReady("redis-server answering PING on port " + port, process, Duration.ofSeconds(10), 20, () -> {
        try (RespClient c = client()) {
          return "PONG".equals(c.call("PING"));
        }
      }, this::log);
    } catch (IllegalStateException e) {
      stop();
      throw e;
    }
  }

  public synchronized void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() { stop(); }

  /** A new blocking connection (authenticated when the server was started with --requirepass). */
  public RespClient client() { return new RespClient(port, password); }

  /** Every key whose name contains {@code fragment}, found with SCAN. */
  public List<String> keysContaining(String fragment) {
    List<String> keys = new ArrayList<>();
    try (RespClient c = client()) {
      String cursor = "0";
      do {
        List<?> reply = (List<?>) c.call("SCAN", cursor, "COUNT", "1000");
        cursor = (String) reply.get(0);
        for (Object k : (List<?>) reply.get(1)) if (((String) k).contains(fragment)) keys.add((String) k);
      } while (!"0".equals(cursor));
    }
    return keys;
  }

  /** Every key and its whole value (for privacy assertions): key -> value as text. */
  public Map<String, String> dump() {
    Map<String, String> all = new TreeMap<>();
    try (RespClient c = client()) {
      for (String key : keysContaining("")) {
        Object value = switch ((String) c.call("TYPE", key)) {
          case "string" -> c.call("GET", key);
          case "hash" -> c.call("HGETALL", key);
          case "list" -> c.call("LRANGE", key, "0", "-1");
          case "set" -> c.call("SMEMBERS", key);
          case "zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES");
          case "none" -> null;
          default -> "(unsupported type)";
        };
        if (value != null) all.put(key, String.valueOf(value));
      }
    }
    return all;
  }

  public String log() {
    try {
      return logFile == null ? "" : Files.readString(logFile);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static synchronized Path binary() throws IOException {
    if (binary != null) return binary;
    String configured = System.getProperty("vanish.redis-server");
    if (configured != null) return binary = Path.of(configured);
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) return binary = p;
    }
    return binary = bundled();
  }

  /** Extracts the redis-server that embedded-redis ships as a jar resource for this OS and CPU. */
  private static synchronized Path bundled() throws IOException {
    if (bundled == null) bundled = extractBundled();
    return bundled;
  }

  private static Path extractBundled() throws IOException {
    String os = System.getProperty("os.name").toLowerCase();
    String arch = System.getProperty("os.arch").toLowerCase();
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    String name;
    if (os.contains("linux")) name = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    else if (os.contains("mac")) name = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    else throw new IllegalStateException("no redis-server on PATH and none bundled for " + os + "/" + arch);
    try (InputStream in = RedisServerProcess.class.getResourceAsStream("/" + name)) {
      if (in == null) throw new IllegalStateException("no redis-server on PATH and " + name + " not on the classpath");
      Path dir = Files.createTempDirectory("vanish-redis-bin");
      Path target = dir.resolve("redis-server");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true)) throw new IOException("cannot make " + target + " executable");
      dir.toFile().deleteOnExit();
      target.toFile().deleteOnExit();
      return target;
    }
  }

  @Override
  public String toString() { return "redis-server on " + port + " " + Arrays.toString(extraArgs.toArray()); }
}
