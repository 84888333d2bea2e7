package dev.vanish.server.realtime;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

import java.lang.reflect.Field;

/**
 * Cuts a socket's TCP connection without the closing handshake, for a peer that stopped reading (see
 * {@link Session}). Vert.x has no public call for it: its own socket exposes its Netty channel through the
 * internal WebSocketInternal, and Vert.x-Web hands out a wrapper around that socket in a field named
 * {@code delegate}. If a future version changes either, this does nothing and the socket is closed by the
 * normal handshake path instead (the slow-reader test would then fail and say so).
 */
final class Channels {

  private Channels() {}

  /** @return false when the connection could not be reached (then nothing was done) */
  static boolean cut(ServerWebSocket ws) {
    Object inner = ws;
    if (!(inner instanceof WebSocketInternal)) {
      try {
        Field f = inner.getClass().getDeclaredField("delegate");
        f.setAccessible(true);
        inner = f.get(inner);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return false;
      }
    }
    // From Vert.x's own handler context, so the close goes straight to the transport: Vert.x's graceful
    // close would wait for the backlog to be written first, which is what never happens here.
    if (inner instanceof WebSocketInternal wi) {
      wi.channelHandlerContext().close();
      return true;
    }
    return false;
  }
}
