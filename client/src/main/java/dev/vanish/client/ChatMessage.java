// A decrypted chat message: the server's id, time and sender memberId, the sender's claimed name, the text,
// and whether this session sent it.
package dev.vanish.client;

public record ChatMessage(String id, long ts, String memberId, String name, String text, boolean mine) {}
