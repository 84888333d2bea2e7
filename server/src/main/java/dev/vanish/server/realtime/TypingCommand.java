// `{"type":"typing"`}: relayed to the room's other members as `{"type":"typing","memberId"`}; never
// stored. Limited per member (VANISH_RATE_TYPING): an excess notice is dropped and answered with an
// `error` frame `rate_limited` carrying `retryAfter`, like an excess message. Typing is best
// effort: a notice lost to a storage outage is dropped silently (the next keystroke sends another).
package dev.vanish.server.realtime;

import dev.vanish.server.engine.Broker;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.Failures;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.limits.Limiter;
import io.vertx.core.json.JsonObject;

public final class TypingCommand implements Command {

  private final Broker broker;
  private final Limiter limiter;

  public TypingCommand(Broker broker, Limiter limiter) {
    this.broker = broker;
    this.limiter = limiter;
  }

  @Override
  public void run(Session s, JsonObject frame) {
    limiter.check(Limiter.Kind.TYPING, s.roomId() + "/" + s.memberId())
        .compose(ok -> broker.publish(s.roomId(), RoomEvent.typing(s.memberId())))
        .onFailure(e -> {
          VanishError error = Failures.classify(e, "socket typing");
          if (error.code() != ErrorCode.UNAVAILABLE) s.error(error, Refs.echo(frame.getValue("ref")));
        });
  }
}
