// The few numbers a node reports about itself, as one tiny interface the hub and the services call.
// NONE does nothing (tests' in-process nodes, `VANISH_METRICS=off`); PrometheusMetrics
// records them for `/metrics`. No method takes a room id, member id or address: nothing identifying
// can reach the metrics.
package dev.vanish.server.metrics;

import java.util.function.IntSupplier;

public interface NodeMetrics {

  /** Metrics off: every call is an empty method the JIT inlines away. */
  NodeMetrics NONE = new NodeMetrics() {};

  /** Reads the open-socket and local-room counts when scraped (on the node's event loop). */
  default void watch(IntSupplier openSockets, IntSupplier localRooms) {}

  /** A message was accepted from one of this node's clients (socket or HTTP) and stored. */
  default void messageIn() {}

  /** {@code frames} frames were written to local sockets for one engine event. */
  default void framesOut(int frames) {}

  /** A timestamp for {@link #fanOutDone}; 0 when metrics are off, so the clock is not even read. */
  default long fanOutStart() {
    return 0;
  }

  /** An engine event that arrived at {@code start} has been written to all the room's local sockets. */
  default void fanOutDone(long start) {}

  /** A send was accepted at {@code start} (nanoTime) and is now stored and published by the engine. */
  default void published(long start) {}

  /** An engine call failed for a backend reason (connection, timeout, Redis error); {@code operation} is a fixed name. */
  default void engineError(String operation) {}

  /** The engine's event subscription (Redis pub/sub) was lost; the node reconnects and catches up. */
  default void engineConnectionLost() {}
}
