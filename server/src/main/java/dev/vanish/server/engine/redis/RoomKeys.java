// Key and channel names of one room. The room id sits inside hash-tag braces so that all of a room's keys
// (and its channel) map to one Redis Cluster slot, which multi-key Lua scripts require.
package dev.vanish.server.engine.redis;

import java.util.List;

final class RoomKeys {

  /** The order every script expects its KEYS in (see redis/lib.lua). */
  static final List<String> SUFFIXES = List.of("meta", "seats", "tokens", "order", "held", "online", "seq", "log", "nonces",
      "files", "chunks");

  final String meta;
  /** Hash fileId -> "uploader|size|chunks|reserved". */
  final String files;
  /** Hash "fileId:i" -> a chunk's ciphertext. */
  final String chunks;
  final List<String> all;
  final String channel;

  RoomKeys(String prefix, String roomId) {
    String base = prefix + ":{" + roomId + "}:";
    this.all = SUFFIXES.stream().map(s -> base + s).toList();
    this.meta = all.get(0);
    this.files = all.get(9);
    this.chunks = all.get(10);
    this.channel = base + "ch";
  }

  /** The room id of one of our channels, or null for anything else. */
  static String roomOfChannel(String prefix, String channel) {
    String head = prefix + ":{";
    String tail = "}:ch";
    if (!channel.startsWith(head) || !channel.endsWith(tail) || channel.length() < head.length() + tail.length()) {
      return null;
    }
    return channel.substring(head.length(), channel.length() - tail.length());
  }
}
