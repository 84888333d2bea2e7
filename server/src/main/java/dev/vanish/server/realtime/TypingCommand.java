package dev.vanish.server.realtime;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.http.ApiException;
import dev.vanish.server.limits.Limiter;
import io.vertx.core.json.JsonObject;

/**
 * {@code {"type":"typing"}}: relayed to the room's other members as {@code {"type":"typing","memberId"}}; never
 * stored. Limited per member (VANISH_RATE_TYPING): an excess notice is dropped and answered with an
 * {@code error} frame {@code rate_limited} carrying {@code retryAfter}, like an excess message.
 */
final class TypingCommand implements Command {

  private final Engine engine;
  private final Limiter limiter;

  TypingCommand(Engine engine, Limiter limiter) {
    this.engine = engine;
    this.limiter = limiter;
  }

  @Override
  public void run(Session s, JsonObject frame) {
    limiter.check(Limiter.Kind.TYPING, s.roomId() + "/" + s.memberId)
        .compose(ok -> engine.publishTyping(s.roomId(), s.memberId))
        .onFailure(e -> {
          if (e instanceof ApiException api) s.error(api, Refs.echo(frame.getValue("ref")));
        });
  }
}
