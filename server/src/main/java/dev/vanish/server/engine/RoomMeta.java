// A room as stored: the access hash (never the key), its capacity and when it self-destructs (epoch ms).
package dev.vanish.server.engine;

public record RoomMeta(String roomId, String accessHash, int capacity, long expiresAt) {}
