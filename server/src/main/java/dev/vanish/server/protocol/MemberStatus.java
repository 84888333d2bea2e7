// A seated member and whether a socket of theirs is open anywhere: an entry of welcome and presence frames.
package dev.vanish.server.protocol;

public record MemberStatus(String memberId, boolean online) {}
