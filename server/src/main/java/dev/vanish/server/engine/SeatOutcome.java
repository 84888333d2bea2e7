// What happened when a seat was asked for. NO_ROOM also answers a challenge nonce already used in this room (a
// replayed join request): the same answer as a missing room, on purpose.
package dev.vanish.server.engine;

public enum SeatOutcome { SEATED, FULL, NO_ROOM }
