package dev.vanish.server.engine;

/** A seated member and whether a socket of theirs is open anywhere. */
public record MemberStatus(String memberId, boolean online) {}
