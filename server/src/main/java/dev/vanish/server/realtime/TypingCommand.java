package dev.vanish.server.realtime;

import dev.vanish.server.engine.Engine;
import io.vertx.core.json.JsonObject;

/** {@code {"type":"typing"}}: relayed to the room's other members as {@code {"type":"typing","memberId"}}; never stored. */
final class TypingCommand implements Command {

  private final Engine engine;

  TypingCommand(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void run(Session s, JsonObject frame) {
    engine.publishTyping(s.roomId(), s.memberId);
  }
}
