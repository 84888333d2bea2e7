// Storage and fan-out between room logic and a backend, in the shape of Centrifugo's engine split into its
// seams: RoomStore (rooms, seats, presence), MessageStore (history, append-and-publish atomic),
// Broker (the room's channel) and FileStore (a room's files: ciphertext chunks, sizes and uploaders).
// Rate-limit counting is not here: it is a `limits.LimiterStore` of its own.
//
// Two implementations pass one contract test suite (EngineContractTest): `engine.memory` (one process,
// no setup) and `engine.redis` (many stateless nodes sharing one Redis). The room logic never knows
// which it has.
//
// Every method is called on the server's event loop and must never block it. The engine stores only what the
// server may know: access hashes, token hashes, member ids, times, opaque ciphertext bodies and file chunks, and
// of a file only its uploader, size and chunk count. Everything a room owns disappears at its `expiresAt` without
// a sweeper being required. A backend failure
// (connection lost, timeout, an error reply) fails the call with `VanishError.unavailable(cause)`,
// declared where it happens; any other failure is a bug.
package dev.vanish.server.engine;

import io.vertx.core.Future;

public interface Engine extends RoomStore, MessageStore, Broker, FileStore {

  /** "memory" or "redis": shown in the start-up line and /healthz. */
  String name();

  /** Connects and starts delivering subscribed rooms' events to {@code sink}. Fails when the backend is unreachable. */
  Future<Void> start(EventSink sink);

  Future<Void> close();

  /** Succeeds when the engine can serve requests now (Redis answers PING); what /readyz reports. */
  Future<Void> ping();
}
