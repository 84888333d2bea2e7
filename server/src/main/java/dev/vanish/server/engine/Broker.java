// A room's event channel: what the node subscribes to while it holds sockets in the room, and how an
// ephemeral event (typing today; anything never stored) reaches the room's other nodes. Events that go with a
// change of state (messages, presence, destroyed) are published by the store that makes the change.
package dev.vanish.server.engine;

import io.vertx.core.Future;

public interface Broker {

  /** Relays an event that is never stored (e.g. {@link RoomEvent#typing}) to every node subscribed to the room. */
  Future<Void> publish(String roomId, RoomEvent event);

  /** Starts delivering this room's events to the sink. A node subscribes only while it holds sockets in the room. */
  Future<Void> subscribe(String roomId);

  Future<Void> unsubscribe(String roomId);
}
