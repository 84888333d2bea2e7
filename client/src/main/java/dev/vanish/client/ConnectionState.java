// Where a RoomSession's socket is: first connect, live, waiting to reconnect, or closed for good.
package dev.vanish.client;

public enum ConnectionState { CONNECTING, CONNECTED, RECONNECTING, CLOSED }
