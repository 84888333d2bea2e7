package dev.vanish.server.engine;

/** What happened when a seat was asked for. */
public enum SeatOutcome { SEATED, FULL, NO_ROOM }
