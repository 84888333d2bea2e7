// NodeMetrics in a Prometheus registry that also carries Vert.x's own HTTP/pool metrics and the JVM's,
// scraped at `/metrics`. One instance per node process: it builds that process's Vert.x
// (newVertx()) so Vert.x reports into the same registry. Vert.x labels are limited to HTTP method,
// status code and pool type/name (never a path, which would carry room ids, nor a remote address).
package dev.vanish.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import java.util.concurrent.TimeUnit;

public final class PrometheusMetrics implements NodeMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter messagesIn;
  private final Counter framesOut;
  private final Timer fanOut;
  private final Timer publish;
  private final ConcurrentMap<String, Counter> engineErrors = new ConcurrentHashMap<>();
  private final Counter connectionsLost;

  public PrometheusMetrics() {
    connectionsLost = Counter.builder("vanish_engine_connection_lost")
        .description("Times this node's event subscription (Redis pub/sub) was lost, silent or closed; each is "
            + "followed by a reconnect and a catch-up from history")
        .register(registry);
    messagesIn = Counter.builder("vanish_messages_in")
        .description("Messages accepted from this node's clients and stored (rate() gives messages per second)")
        .register(registry);
    framesOut = Counter.builder("vanish_frames_out")
        .description("Room event frames written to this node's sockets (rate() gives frames per second)")
        .register(registry);
    fanOut = Timer.builder("vanish_fanout")
        .description("From a room event arriving from the engine to its frame written to every local socket of the room")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    publish = Timer.builder("vanish_publish")
        .description("From a send accepted by this node to the message stored and published by the engine")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
        .register(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry); // lives as long as the process; never closed
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** A Vert.x that reports its HTTP server and client metrics into this registry. */
  public Vertx newVertx() {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
        .setRegistryName("vanish-" + System.identityHashCode(this));
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  /** The {@code GET /metrics} handler: the Prometheus text format. */
  public Handler<RoutingContext> scrapeHandler() {
    return PrometheusScrapingHandler.create(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void watch(IntSupplier openSockets, IntSupplier localRooms) {
    Gauge.builder("vanish_open_sockets", openSockets, IntSupplier::getAsInt)
        .description("Authenticated WebSockets open on this node").strongReference(true).register(registry);
    Gauge.builder("vanish_local_rooms", localRooms, IntSupplier::getAsInt)
        .description("Rooms with at least one socket on this node (each is one channel subscription)")
        .strongReference(true).register(registry);
  }

  @Override
  public void messageIn() {
    messagesIn.increment();
  }

  @Override
  public void framesOut(int frames) {
    if (frames > 0) framesOut.increment(frames);
  }

  @Override
  public long fanOutStart() {
    return System.nanoTime();
  }

  @Override
  public void fanOutDone(long start) {
    fanOut.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  @Override
  public void published(long start) {
    publish.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  @Override
  public void engineConnectionLost() {
    connectionsLost.increment();
  }

  @Override
  public void engineError(String operation) {
    engineErrors.computeIfAbsent(operation, op -> Counter.builder("vanish_engine_errors")
        .description("Engine calls that failed for a backend reason (connection, timeout, Redis error)")
        .tag("operation", op).register(registry)).increment();
  }

}
