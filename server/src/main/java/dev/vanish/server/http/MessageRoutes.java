// Reading a room's history, one page per request, and posting to it over HTTP (sockets post through the same
// service).
package dev.vanish.server.http;

import dev.vanish.server.error.VanishError;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.message.MessageService;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

public final class MessageRoutes {

  private final RoomService rooms;
  private final MessageService messages;
  private final ClientIp clientIp;

  public MessageRoutes(RoomService rooms, MessageService messages, ClientIp clientIp) {
    this.rooms = rooms;
    this.messages = messages;
    this.clientIp = clientIp;
  }

  /** Mounts on the API router (paths relative to /api/v1). */
  public void mount(Router api, Handler<RoutingContext> body) {
    Reads.get(api, "/rooms/:roomId/messages").handler(this::list);
    api.post("/rooms/:roomId/messages").handler(body).handler(this::post);
  }

  // One page per request (docs/PROTOCOL.md §4): `next` is present only when more messages follow, and is the
  // `after` of the next page; the last page has none.
  private void list(RoutingContext ctx) {
    long after = MessageService.validAfter(single(ctx, "after"));
    int limit = MessageService.validLimit(single(ctx, "limit"));
    RoomRoutes.reply(ctx, Bearer.seat(ctx, rooms)
        .compose(seat -> messages.page(seat, after, limit))
        .map(page -> {
          JsonArray arr = new JsonArray();
          for (StoredMessage m : page.messages()) {
            arr.add(new JsonObject().put("id", Long.toString(m.id())).put("ts", m.ts()).put("memberId", m.memberId()).put("body", m.body()));
          }
          JsonObject out = new JsonObject().put("messages", arr);
          if (page.more()) out.put("next", Long.toString(page.lastIdOr(after)));
          if (page.trimmedThrough() > 0) out.put("trimmedThrough", Long.toString(page.trimmedThrough()));
          return out;
        }), 200);
  }

  private static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) throw VanishError.invalid(name + " must be given at most once.");
    return values.isEmpty() ? null : values.get(0);
  }

  private void post(RoutingContext ctx) {
    String body = MessageService.validBody(JsonIo.body(ctx).getValue("body"));
    String ip = clientIp.of(ctx.request());
    RoomRoutes.reply(ctx, Bearer.seat(ctx, rooms)
        .compose(seat -> messages.post(seat, body, ip))
        .map(m -> new JsonObject().put("id", Long.toString(m.id())).put("ts", m.ts())), 201);
  }
}
