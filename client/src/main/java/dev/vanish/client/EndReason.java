// Why a RoomSession ended; after any of these the session does not reconnect.
package dev.vanish.client;

public enum EndReason {
  /** A member destroyed the room. */
  DESTROYED("the room was destroyed"),
  /** The room reached its expiry. */
  EXPIRED("the room expired"),
  /** The room no longer exists (found out on reconnect or on a request). */
  NOT_FOUND("the room no longer exists"),
  /** This member left (seat freed). */
  LEFT("you left the room"),
  /** This client closed the session; its seat lapses after the server's grace period. */
  CLOSED("closed"),
  /** The seat was lost and could not be taken again (room full, key refused). */
  SEAT_LOST("your seat was lost and the room is full"),
  /** The server broke the protocol or refused the client's hello. */
  FAILED("the connection failed");

  private final String description;

  EndReason(String description) {
    this.description = description;
  }

  public String describe() {
    return description;
  }
}
