// A fresh Engine for every test, started on one Vert.x context and driven from the test thread the way the
// server drives it (every call on that context; the test thread only waits for results), with the events its
// sink saw in a queue. EngineContractTest runs the shared contract on every backend over it; the
// backend-specific engine tests (RedisKeysStartupAndReconnectionTest, ClusterSlotsAndShardedPubSubTest, …)
// use the same helpers.
package dev.vanish.server.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class EngineTestBase {

  protected static final int HISTORY_LIMIT = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One event as the sink saw it. */
  protected record Seen(String roomId, RoomEvent event) {
    String frame() { return event.frame().toString(); }
  }

  protected Vertx vertx;
  protected Context ctx;
  protected Engine engine;
  protected final BlockingQueue<Seen> events = new LinkedBlockingQueue<>();

  /** The engine under test, made fresh for every test. */
  protected abstract Engine newEngine(Vertx vertx, int historyLimit);

  @BeforeEach
  void startEngine() throws Exception {
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
    engine = newEngine(vertx, HISTORY_LIMIT);
    // 30 s, not 5: a TLS Cluster's first connections (handshakes with every node) once took over 5 s while the
    // 2-core machine ran Chromium tests beside the suite (TlsClusterConnectionsTest); starting is not what is tested.
    call(() -> engine.start((roomId, event) -> events.add(new Seen(roomId, event))), 30);
  }

  @AfterEach
  void stopEngine() throws Exception {
    if (engine != null) call(engine::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  /** Runs an engine call on the engine's context and waits for its result. */
  protected <T> T call(Supplier<Future<T>> op) throws Exception {
    return call(op, 5);
  }

  private <T> T call(Supplier<Future<T>> op, int seconds) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      try {
        op.get().onComplete(ar -> {
          if (ar.succeeded()) result.complete(ar.result());
          else result.completeExceptionally(ar.cause());
        });
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.get(seconds, TimeUnit.SECONDS);
  }

  protected static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  protected static long now() { return System.currentTimeMillis(); }

  protected RoomMeta newRoom(int capacity, long ttlMs) throws Exception {
    RoomMeta room = new RoomMeta(randomId(), randomId(), capacity, now() + ttlMs);
    call(() -> engine.createRoom(room));
    return room;
  }

  protected RoomMeta newRoom(int capacity) throws Exception { return newRoom(capacity, 60_000); }

  protected SeatOutcome seat(RoomMeta room, String memberId, String tokenHash, long heldUntil) throws Exception {
    return call(() -> engine.takeSeat(room.roomId(), memberId, tokenHash, now(), heldUntil));
  }

  protected Seen nextEvent() throws InterruptedException {
    Seen seen = events.poll(5, TimeUnit.SECONDS);
    assertThat(seen).as("an event within 5 s").isNotNull();
    return seen;
  }

  protected static void sleep(long ms) throws InterruptedException { Thread.sleep(ms); }
}
