// Where an engine delivers the events of the rooms this node subscribed to (the realtime hub), and how it
// says that delivery stopped and started again (Redis pub/sub connection lost, then back and resubscribed).
package dev.vanish.server.engine;

@FunctionalInterface
public interface EventSink {
  void onEvent(String roomId, RoomEvent event);

  /** Events may be missed from now on, until {@link #connectionRestored()}. */
  default void connectionLost() {}

  /** Every subscribed room is subscribed again; events published while it was down were not delivered. */
  default void connectionRestored() {}
}
