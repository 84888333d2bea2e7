// What happened when a seat was asked for.
package dev.vanish.server.engine;

public enum SeatOutcome { SEATED, FULL, NO_ROOM }
