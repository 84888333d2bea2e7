// The server's receipt for a sent message: its id and server time.
package dev.vanish.client;

public record Ack(String id, long ts) {}
