// The one thing the generator varies between a Vanish run and a baseline-relay run: how a member connects,
// sends a message and is told of one. Scheduling, clocks and accounting stay in LoadGenerator, so both
// targets are driven and measured the same way.
package dev.vanish.bench;

import io.vertx.core.Future;

public interface Transport {

  /** What a connected member can do. Called on the context the member was connected from. */
  interface Conn {
    /** Sends this member's message seq scheduled at sentNanos; completes when the target acknowledged it. */
    Future<Void> send(int seq, long sentNanos);

    Future<Void> close();
  }

  /** What a member is told, on its own context. */
  interface Receiver {
    void message(int sender, int seq, long sentNanos);

    /** Something went wrong for this member (kind is a short label that the report counts). */
    void error(String kind);
  }

  /** "vanish" or "relay": the key of this target in the report. */
  String name();

  /** Makes the rooms (capacity = members) before anyone connects; called from a plain thread. */
  Future<Void> prepare(int rooms, int members);

  /** Connects member (global index; room = index / members) from the current Vert.x context. */
  Future<Conn> connect(int member, Receiver receiver);

  Future<Void> close();
}
