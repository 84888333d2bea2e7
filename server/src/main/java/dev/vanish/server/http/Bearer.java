// Resolves `Authorization: Bearer <token>` on a room's URL to the caller's seat.
package dev.vanish.server.http;

import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

final class Bearer {

  private Bearer() {}

  static Future<RoomService.Seat> seat(RoutingContext ctx, RoomService rooms) {
    String roomId = RoomRoutes.roomId(ctx);
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    return rooms.authenticate(roomId, token);
  }
}
