// A message as kept in history. `frame` is its WebSocket frame, encoded once when it was stored and
// sent as-is to every recipient and on every replay.
package dev.vanish.server.engine;

import dev.vanish.server.protocol.Frames;

public record StoredMessage(long id, long ts, String memberId, String body, String frame) {

  public static StoredMessage of(long id, long ts, String memberId, String body) {
    return new StoredMessage(id, ts, memberId, body, Frames.message(id, ts, memberId, body));
  }
}
