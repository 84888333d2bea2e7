// A token resolved against a room: the room and the member on success.
package dev.vanish.server.engine;

public record AuthResult(Status status, RoomMeta room, String memberId) {

  public enum Status { OK, NO_ROOM, NO_SEAT }

  public static AuthResult ok(RoomMeta room, String memberId) { return new AuthResult(Status.OK, room, memberId); }

  public static final AuthResult NO_ROOM = new AuthResult(Status.NO_ROOM, null, null);
  public static final AuthResult NO_SEAT = new AuthResult(Status.NO_SEAT, null, null);
}
