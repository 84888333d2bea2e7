// One client frame type after the hello, handled on its own (hack.chat's shape). Each is registered once, by
// its `type`, where the server is wired (VanishVerticle); adding a frame type is one class and that line.
// A command throws or fails with a VanishError for a documented refusal; the endpoint turns it into an error
// frame that echoes the frame's `ref`.
package dev.vanish.server.realtime;

import io.vertx.core.json.JsonObject;

public interface Command {
  void run(Session session, JsonObject frame);
}
