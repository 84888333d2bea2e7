// Reaches under a WebSocket to its Netty channel, for what Vert.x has no public call for: cutting the TCP
// connection of a peer that stopped reading (see Session), and coalescing flushes. Vert.x's own
// socket exposes its Netty channel through the internal WebSocketInternal, and Vert.x-Web hands out a wrapper
// around that socket in a field named `delegate`. If a future version changes either, these do nothing
// (a cut socket is closed by the normal handshake path instead; the slow-reader and flush tests would then
// fail and say so).
package dev.vanish.server.realtime;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

import java.lang.reflect.Field;

final class Channels {

  private Channels() {}

  /** @return false when the connection could not be reached (then nothing was done) */
  static boolean cut(ServerWebSocket ws) {
    // From Vert.x's own handler context, so the close goes straight to the transport: Vert.x's graceful
    // close would wait for the backlog to be written first, which is what never happens here.
    WebSocketInternal wi = internal(ws);
    if (wi == null) return false;
    wi.channelHandlerContext().close();
    return true;
  }

  /**
   * Lets the frames written to this socket during one turn of its event loop leave in one write call. Vert.x
   * flushes every frame on its own; a room's fan-out writes one frame to each member, and under load a
   * member gets several frames per turn (messages of several senders, acks), each of which was a syscall on
   * the server and a segment for the reader. Netty's FlushConsolidationHandler defers a flush made outside a
   * read of this socket to a task that runs after the current ones, and flushes at once after 64 frames.
   * Ordering and delivery are unchanged; only when the bytes are handed to the kernel moves, by at most the
   * rest of the current event-loop turn.
   *
   * @return false when the connection could not be reached (then frames are flushed one by one, as before)
   */
  static boolean consolidateFlushes(ServerWebSocket ws) {
    WebSocketInternal wi = internal(ws);
    if (wi == null) return false;
    wi.channelHandlerContext().pipeline().addFirst("vanish-flush", new FlushConsolidationHandler(64, true));
    return true;
  }

  /** Vert.x's own socket under Vert.x-Web's wrapper, or null when it cannot be reached. */
  static WebSocketInternal internal(ServerWebSocket ws) {
    Object inner = ws;
    if (!(inner instanceof WebSocketInternal)) {
      try {
        Field f = inner.getClass().getDeclaredField("delegate");
        f.setAccessible(true);
        inner = f.get(inner);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return inner instanceof WebSocketInternal wi ? wi : null;
  }
}
