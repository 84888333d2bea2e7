// A held seat in a room as presence reports it.
package dev.vanish.client;

public record Member(String memberId, boolean online) {}
