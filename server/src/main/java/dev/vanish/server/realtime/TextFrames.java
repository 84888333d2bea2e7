// Wraps an already-encoded UTF-8 buffer as a text frame without copying it. Vert.x's public API only makes
// text frames from a String (re-encoding it for every recipient); this is how its own writeBinaryMessage
// wraps a buffer, applied to text, so one encoded message is shared by every socket it goes to.
package dev.vanish.server.realtime;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

final class TextFrames {

  private TextFrames() {}

  static WebSocketFrame of(Buffer utf8) {
    // getByteBuf() returns a fresh view with its own indices, safe to hand to Netty once per recipient.
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true);
  }
}
