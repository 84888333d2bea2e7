package dev.vanish.server.engine;

/** Where an engine delivers the events of the rooms this node subscribed to (the realtime hub). */
@FunctionalInterface
public interface EventSink {
  void onEvent(String roomId, RoomEvent event);
}
