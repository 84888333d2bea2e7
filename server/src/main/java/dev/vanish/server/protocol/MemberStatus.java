package dev.vanish.server.protocol;

/** A seated member and whether a socket of theirs is open anywhere: an entry of welcome and presence frames. */
public record MemberStatus(String memberId, boolean online) {}
