package dev.vanish.server.realtime;

import dev.vanish.server.http.ApiException;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.room.RoomService;
import io.vertx.core.json.JsonObject;

/**
 * {@code {"type":"send","body","ref"?}}: stores the ciphertext and fans it out (the sender receives its own
 * message frame too), then answers {@code {"type":"ack","ref","id","ts"}}. The ack and the sender's own
 * message frame may arrive in either order.
 */
final class SendCommand implements Command {

  private final MessageService messages;

  SendCommand(MessageService messages) {
    this.messages = messages;
  }

  @Override
  public void run(Session s, JsonObject frame) {
    Object ref = Refs.valid(frame.getValue("ref"));
    String body = MessageService.validBody(frame.getValue("body"));
    messages.post(new RoomService.Seat(s.room, s.memberId), body)
        .onSuccess(m -> {
          JsonObject ack = new JsonObject().put("type", "ack").put("ref", ref).put("id", Long.toString(m.id())).put("ts", m.ts());
          s.send(ack);
        })
        .onFailure(e -> {
          ApiException api = e instanceof ApiException a ? a : ApiException.unavailable();
          s.error(api, ref);
        });
  }
}
