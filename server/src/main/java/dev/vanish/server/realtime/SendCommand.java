// `{"type":"send","body","ref"?`}: stores the ciphertext and fans it out (the sender receives its own
// message frame too), then answers `{"type":"ack","ref","id","ts"`}. The ack and the sender's own
// message frame may arrive in either order. A refusal (rate_limited, room_not_found, unavailable…) is an
// error frame with the same ref; the socket stays open.
package dev.vanish.server.realtime;

import dev.vanish.server.error.Failures;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.room.RoomService;
import io.vertx.core.json.JsonObject;

public final class SendCommand implements Command {

  private final MessageService messages;

  public SendCommand(MessageService messages) {
    this.messages = messages;
  }

  @Override
  public void run(Session s, JsonObject frame) {
    Object ref = Refs.valid(frame.getValue("ref"));
    String body = MessageService.validBody(frame.getValue("body"));
    messages.post(new RoomService.Seat(s.room(), s.memberId()), body, s.clientIp())
        .onSuccess(m -> s.send(Frames.ack(ref, m.id(), m.ts())))
        .onFailure(e -> s.error(Failures.classify(e, "socket send"), ref));
  }
}
