package dev.vanish.server.realtime;

import io.vertx.core.json.JsonObject;

/**
 * One client frame type, handled on its own (hack.chat's shape): adding a frame type means adding one
 * class and one line in {@link SocketEndpoint}'s registry.
 */
interface Command {
  void run(Session session, JsonObject frame);
}
