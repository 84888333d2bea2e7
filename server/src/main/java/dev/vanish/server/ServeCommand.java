package dev.vanish.server;

import dev.vanish.server.config.ConfigLoader;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.metrics.PrometheusMetrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code vanish serve}: runs a node until it is stopped. Every option is also a VANISH_* environment variable;
 * a flag wins. A bad setting or an unreachable Redis ends the process with one line naming the setting.
 * SIGTERM (or Ctrl-C) stops it gracefully: sockets are told to reconnect elsewhere (1012), in-flight requests
 * finish, and the process exits within {@link #SHUTDOWN_SECONDS} seconds.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a Vanish server (the in-memory engine unless --redis-url / VANISH_REDIS_URL is set).")
public final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger("vanish");

  @Option(names = "--host", description = "Bind address (VANISH_HOST, default 0.0.0.0).") String host;
  @Option(names = "--port", description = "HTTP port (VANISH_PORT, default 8080).") String port;
  @Option(names = "--redis-url", description = "redis://[user:pass@]host:port[/db], rediss://…, or redis-cluster://[user:pass@]h1:p1,h2:p2,… (VANISH_REDIS_URL; unset = memory engine).") String redisUrl;
  @Option(names = "--redis-ca-file", description = "PEM file of CA certificates to trust for rediss:// (VANISH_REDIS_CA_FILE; default: the JVM trust store).") String redisCaFile;
  @Option(names = "--redis-prefix", description = "Prefix of every Redis key and channel (VANISH_REDIS_PREFIX, default vanish).") String redisPrefix;
  @Option(names = "--default-ttl-seconds", description = "Room lifetime when the creator picks none (VANISH_DEFAULT_TTL_SECONDS, default 600).") String defaultTtl;
  @Option(names = "--min-ttl-seconds", description = "Shortest allowed room lifetime (VANISH_MIN_TTL_SECONDS, default 60).") String minTtl;
  @Option(names = "--max-ttl-seconds", description = "Longest allowed room lifetime (VANISH_MAX_TTL_SECONDS, default 86400).") String maxTtl;
  @Option(names = "--max-capacity", description = "Largest room capacity (VANISH_MAX_CAPACITY, default 50).") String maxCapacity;
  @Option(names = "--history-limit", description = "Messages kept per room (VANISH_HISTORY_LIMIT, default 1000).") String historyLimit;
  @Option(names = "--metrics", description = "on: serve GET /metrics in Prometheus text format; off: no metrics (VANISH_METRICS, default on).") String metricsFlag;
  @Option(names = "--seat-grace-seconds", description = "How long a seat stays held after its member's last socket or request (VANISH_SEAT_GRACE_SECONDS, default 60).") String seatGrace;
  @Option(names = "--rate-rooms", description = "Room creations per client IP (VANISH_RATE_ROOMS, default 20/1m; N/<n>ms|s|m|h or off).") String rateRooms;
  @Option(names = "--rate-seats", description = "Seats taken per client IP (VANISH_RATE_SEATS, default 60/1m).") String rateSeats;
  @Option(names = "--rate-messages", description = "Messages per member: bursts of N, N per window on average (VANISH_RATE_MESSAGES, default 20/2s).") String rateMessages;
  @Option(names = "--rate-typing", description = "Typing frames per member (VANISH_RATE_TYPING, default 2/1s).") String rateTyping;
  @Option(names = "--sockets-per-ip", description = "Open sockets per client IP on one node (VANISH_SOCKETS_PER_IP, default 50, 0 = no limit).") String socketsPerIp;
  @Option(names = "--trusted-proxies", description = "Proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated (VANISH_TRUSTED_PROXIES, default none).") String trustedProxies;
  @Option(names = "--limit-secret", description = "Secret that keys the hashes in rate-limit keys; same on every node (VANISH_LIMIT_SECRET, default random, shared through Redis).") String limitSecret;
  @Option(names = "--ping-seconds", description = "How often each socket is pinged (VANISH_PING_SECONDS, default 25).") String pingSeconds;
  @Option(names = "--idle-timeout-seconds", description = "A socket silent this long (no pong, no frame) is closed (VANISH_IDLE_TIMEOUT_SECONDS, default 60).") String idleTimeout;
  @Option(names = "--slow-reader-bytes", description = "Bytes queued to a socket that is not reading before it is closed (VANISH_SLOW_READER_BYTES, default 1048576).") String slowReaderBytes;
  @Option(names = "--public-url", description = "The address users reach this server at; https:// turns on HSTS (VANISH_PUBLIC_URL).") String publicUrl;
  @Option(names = "--access-log", description = "Log method, route, status and duration of each request, never IPs or room ids (VANISH_ACCESS_LOG, default false).") String accessLog;

  /** The longest a graceful stop may take before the process exits anyway. */
  static final int SHUTDOWN_SECONDS = 8;

  /** Runs one node in this JVM: what `java -cp … dev.vanish.server.ServeCommand` (and multi-process tests) start. */
  public static void main(String[] args) {
    int code = new CommandLine(new ServeCommand()).execute(args);
    // After a graceful stop the shutdown hook is already running and the JVM exits by itself.
    if (code != 0) System.exit(code);
  }

  /** Environment to read; tests replace it. */
  Map<String, String> env = System.getenv();
  private volatile Vertx vertx;
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    ServerConfig config;
    try {
      config = new ConfigLoader(env, flags()::get).load();
    } catch (ConfigLoader.BadSetting e) {
      System.err.println("vanish: " + e.getMessage());
      return 2;
    }
    NodeMetrics metrics;
    try {
      metrics = metricsOn() ? new PrometheusMetrics() : NodeMetrics.NONE;
    } catch (ConfigLoader.BadSetting e) {
      System.err.println("vanish: " + e.getMessage());
      return 2;
    }
    vertx = metrics instanceof PrometheusMetrics p ? p.newVertx() : Vertx.vertx();
    VanishServer server;
    try {
      server = VanishServer.start(vertx, config, metrics).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vanish: " + startFailure(config, cause));
      vertx.close();
      return 1;
    }
    LOG.info("listening on http://{}:{} (engine: {})", config.host(), server.port(), server.engineName());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long t0 = System.nanoTime();
      LOG.info("stopping: telling sockets to reconnect, finishing in-flight requests");
      try {
        // Closing Vert.x undeploys the node: VanishVerticle.stop closes sockets with 1012 and drains requests.
        vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      } catch (Exception e) {
        LOG.warn("not stopped cleanly within {} s; exiting anyway", SHUTDOWN_SECONDS);
      }
      stopped.countDown();
    }, "vanish-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private boolean metricsOn() {
    String v = metricsFlag != null ? metricsFlag : env.get("VANISH_METRICS");
    if (v == null || v.isBlank()) return true;
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true", "1", "yes" -> true;
      case "off", "false", "0", "no" -> false;
      default -> throw new ConfigLoader.BadSetting("VANISH_METRICS must be on or off, not '" + v + "'.");
    };
  }

  private static String startFailure(ServerConfig config, Throwable cause) {
    String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (config.usesRedis() && !(cause instanceof java.net.BindException) && !msg.contains("Address already in use")) {
      // The engine's own message already names the (redacted) URL and the cause.
      return "VANISH_REDIS_URL: " + ConfigLoader.redact(msg);
    }
    return "VANISH_HOST/VANISH_PORT: cannot listen on " + config.host() + ":" + config.port() + ": " + msg;
  }

  private Map<String, String> flags() {
    Map<String, String> f = new HashMap<>();
    put(f, "VANISH_HOST", host);
    put(f, "VANISH_PORT", port);
    put(f, "VANISH_REDIS_URL", redisUrl);
    put(f, "VANISH_REDIS_PREFIX", redisPrefix);
    put(f, "VANISH_REDIS_CA_FILE", redisCaFile);
    put(f, "VANISH_DEFAULT_TTL_SECONDS", defaultTtl);
    put(f, "VANISH_MIN_TTL_SECONDS", minTtl);
    put(f, "VANISH_MAX_TTL_SECONDS", maxTtl);
    put(f, "VANISH_MAX_CAPACITY", maxCapacity);
    put(f, "VANISH_HISTORY_LIMIT", historyLimit);
    put(f, "VANISH_SEAT_GRACE_SECONDS", seatGrace);
    put(f, "VANISH_RATE_ROOMS", rateRooms);
    put(f, "VANISH_RATE_SEATS", rateSeats);
    put(f, "VANISH_RATE_MESSAGES", rateMessages);
    put(f, "VANISH_RATE_TYPING", rateTyping);
    put(f, "VANISH_SOCKETS_PER_IP", socketsPerIp);
    put(f, "VANISH_TRUSTED_PROXIES", trustedProxies);
    put(f, "VANISH_LIMIT_SECRET", limitSecret);
    put(f, "VANISH_PING_SECONDS", pingSeconds);
    put(f, "VANISH_IDLE_TIMEOUT_SECONDS", idleTimeout);
    put(f, "VANISH_SLOW_READER_BYTES", slowReaderBytes);
    put(f, "VANISH_PUBLIC_URL", publicUrl);
    put(f, "VANISH_ACCESS_LOG", accessLog);
    return f;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) m.put(k, v);
  }
}
