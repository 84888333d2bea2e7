// The Redis client the engine sends its commands through: one long-lived connection (on a Cluster, one
// cluster connection, which holds one connection per master) carrying many commands at once, instead of a
// pool that lends a connection to one command at a time.
//
// Why: with Vert.x's pooled client every command is a pool checkout, a round trip and a check-in, and a
// command waits for a free connection. Measured on the saturation benchmark (2 cores, one node): the pool of
// 64 answered 3,000 messages a second (two scripts each) with a mean publish time of 330 ms and 1.8 s
// timeouts, while Redis sat at 20 % of a core and the node's event loop at 56 %. A pipelined connection
// sends each command as it comes and matches replies in order, which is what Redis is built for.
//
// The connection is made on first use and replaced when it fails or closes (Redis restarted): the next
// command makes a new one, so recovery needs no timer. Commands sent on a connection that dies get its
// error. A connection can also go silent without closing (a network cut with no reset, which TCP would only
// notice after hours): the engine's 1.8 s timeout fails the commands, and when one times out with nothing
// at all heard on the connection since it was sent, the connection is dropped and the next command redials.
package dev.vanish.server.engine.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

final class PipelinedRedis implements Redis {

  private static final Logger LOG = LoggerFactory.getLogger(PipelinedRedis.class);

  private final Redis client;
  /** The connection in use or being made; null when there is none (none yet, or the last one failed). */
  private final AtomicReference<Future<RedisConnection>> current = new AtomicReference<>();
  /** System.nanoTime() of the last reply of any kind, or of the current connection's opening. */
  private volatile long lastHeard = System.nanoTime();

  PipelinedRedis(Redis client) {
    this.client = client;
  }

  @Override
  public Future<Response> send(Request request) {
    return connection().compose(c -> c.send(request).andThen(ar -> heard()));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return connection().compose(c -> c.batch(requests).andThen(ar -> heard()));
  }

  private void heard() {
    lastHeard = System.nanoTime();
  }

  /**
   * A command sent at {@code sentNanos} (System.nanoTime()) got no reply in time. If nothing else came back
   * since then either, the connection is silent: drop it, so the next command dials a new one.
   */
  void timedOut(long sentNanos) {
    Future<RedisConnection> f = current.get();
    if (f != null && f.succeeded() && lastHeard - sentNanos < 0 && current.compareAndSet(f, null)) {
      LOG.warn("Redis command connection silent (no reply to anything for a whole command timeout); redialling");
      ForceClose.close(f.result());
    }
  }

  /** The shared connection: callers must not close it. */
  @Override
  public Future<RedisConnection> connect() {
    return connection();
  }

  @Override
  public Future<Void> close() {
    Future<RedisConnection> f = current.getAndSet(null);
    Future<Void> conn = f == null ? Future.succeededFuture() : f.transform(ar -> ar.succeeded()
        ? ar.result().close() : Future.succeededFuture());
    return conn.otherwiseEmpty().eventually(client::close);
  }

  private Future<RedisConnection> connection() {
    while (true) {
      Future<RedisConnection> f = current.get();
      if (f != null && !f.failed()) return f;
      Promise<RedisConnection> made = Promise.promise();
      if (!current.compareAndSet(f, made.future())) continue; // another caller started one: use that
      Future<RedisConnection> mine = made.future();
      client.connect().onComplete(ar -> {
        if (ar.succeeded()) {
          RedisConnection c = ar.result();
          // A failed connection is dropped so the next command dials again; replies still owed on it fail.
          c.exceptionHandler(err -> forget(mine, c));
          c.endHandler(v -> forget(mine, c));
          heard();
          made.complete(c);
        } else {
          current.compareAndSet(mine, null);
          made.fail(ar.cause());
        }
      });
      return mine;
    }
  }

  /** The connection failed or ended by itself: Vert.x has closed it, and its pool will not lend it again. */
  private void forget(Future<RedisConnection> which, RedisConnection c) {
    if (current.compareAndSet(which, null)) c.close();
  }
}
