// One event on a room's channel, carrying its ready-to-send frame so a node encodes nothing per recipient.
// `memberId` is the member the event is about (sender of a message or typing notice, member who left);
// `messageId` lets a socket drop a message it already received from history.
package dev.vanish.server.engine;

import dev.vanish.server.protocol.Frames;
import io.vertx.core.buffer.Buffer;

public record RoomEvent(Kind kind, String memberId, long messageId, Buffer frame) {

  /** A member is typing: relayed to the room's other members, never stored. */
  public static RoomEvent typing(String memberId) {
    return new RoomEvent(Kind.TYPING, memberId, 0, Buffer.buffer(Frames.typing(memberId)));
  }

  public enum Kind {
    MESSAGE('m'), PRESENCE('p'), TYPING('t'), LEFT('l'), DESTROYED('d');

    public final char code;

    Kind(char code) { this.code = code; }

    public static Kind of(char code) {
      for (Kind k : values()) if (k.code == code) return k;
      throw new IllegalArgumentException("unknown event kind " + code);
    }
  }
}
