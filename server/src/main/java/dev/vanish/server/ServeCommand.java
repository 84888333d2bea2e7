// `vanish serve`: runs a node until it is stopped. Every option is also a VANISH_* environment variable;
// a flag wins; the options, their help and their parsing all come from the rows of config/Settings. A bad
// setting or an unreachable Redis ends the process with one line naming the setting.
// An exhausted heap ends the process with status 3 and one line (OutOfMemoryExit), for a supervisor to restart.
// SIGTERM (or Ctrl-C) stops it gracefully: sockets are told to reconnect elsewhere (1012), in-flight requests
// finish, and the process exits within SHUTDOWN_SECONDS seconds.
package dev.vanish.server;

import dev.vanish.server.config.ConfigLoader;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.config.SettingOptions;
import dev.vanish.server.config.SettingValues;
import dev.vanish.server.config.SettingsSummary;
import dev.vanish.server.engine.redis.RedisConfigCheck;
import dev.vanish.server.engine.redis.RedisEngine;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.metrics.PrometheusMetrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.BindException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "serve", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.class,
    description = "Run a Vanish server (the in-memory engine unless --redis-url / VANISH_REDIS_URL is set).")
public final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger("vanish");

  /** The command's model: its options are the rows of the settings table (SettingOptions). */
  @Spec CommandSpec spec;

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
    SettingValues values;
    ServerConfig config;
    try {
      values = new ConfigLoader(env, name -> SettingOptions.given(spec, name)).values();
      config = ServerConfig.from(values);
    } catch (ConfigLoader.BadSetting e) {
      System.err.println("vanish: " + e.getMessage());
      return 2;
    }
    NodeMetrics metrics = config.network().metricsAddress() != null ? new PrometheusMetrics() : NodeMetrics.NONE;
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
    // Only once it serves: a `serve` that fails to start (or a test calling call()) never arms the halt.
    OutOfMemoryExit.install(vertx);
    // One line with everything the node runs with (every settings row, group by group; secrets as set/unset).
    LOG.info("listening on http://{}:{} (engine: {}) with {}", config.host(), server.port(), server.engineName(),
        SettingsSummary.line(values));
    if (server.verticle().engine() instanceof RedisEngine redis) warnAboutRedis(redis);
    if (server.metricsPort() > 0) LOG.info("metrics on http://{}:{}/metrics", config.network().metricsHost(), server.metricsPort());
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

  /** A WARN line per rule of RedisConfigCheck this Redis breaks; one quiet line when it does not allow CONFIG. */
  private static void warnAboutRedis(RedisEngine redis) {
    if (redis.config() == null) {
      LOG.info("could not read Redis's persistence settings (CONFIG GET: {}); make sure it keeps nothing on disk and "
          + "never evicts (docs/REDIS.md)", redis.configRefusal());
      return;
    }
    for (RedisConfigCheck.Finding f : RedisConfigCheck.judge(redis.config())) {
      if (f.bad() && f.row().warnAtStart()) LOG.warn(f.warning());
    }
  }

  private static String startFailure(ServerConfig config, Throwable cause) {
    if (cause instanceof VanishVerticle.ListenFailure) return cause.getMessage();
    String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (config.usesRedis() && !(cause instanceof BindException) && !msg.contains("Address already in use")) {
      // The engine's own message already names the (redacted) URL and the cause.
      return "VANISH_REDIS_URL: " + ConfigLoader.redact(msg);
    }
    return "VANISH_HOST/VANISH_PORT: cannot listen on " + config.host() + ":" + config.port() + ": " + msg;
  }
}
