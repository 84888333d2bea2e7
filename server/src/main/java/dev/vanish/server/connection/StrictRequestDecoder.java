// Vert.x's HTTP/1.x request decoder, stricter in three ways, put in its place on every connection by
// ConnectionGuard (same pipeline name, so Vert.x's and Netty's upgrade paths find and remove it as before):
// - a request carrying both Content-Length and Transfer-Encoding is refused 400 (Netty 4.2 drops the
//   Content-Length of a chunked request and goes on: the ambiguity request smuggling through a proxy feeds
//   on — CodecStrictnessTest fails without this);
// - an obsolete folded header (a header line that begins with a space or tab) is refused 400 (Netty
//   silently joins it to the previous header's value; it offers no hook, so the header bytes are scanned
//   here as the decoder consumes them);
// - the request-header timeout: a request's line and headers must be complete within headerTimeout of its
//   first byte (of the connection's opening, for its first request), else the connection is closed. Vert.x
//   has no such timeout, and an idle timeout never closes a slowloris that sends one byte every few seconds
//   (issue 14: 40 such connections were still open after 190 s; SlowlorisTest). A kept-alive connection
//   waiting between requests is not timed here: Vert.x's idle timeout governs it.
// When the decoder leaves the pipeline because the connection became a WebSocket, it takes Vert.x's HTTP
// idle handler with it: sockets are kept alive by the server's pings and closed by their own idle check
// (4408), whatever VANISH_PING_SECONDS is (HttpTimeoutsTest).
// A refused request reaches Vert.x as a request whose decoder result failed, so it is answered by the
// server's invalid-request handler (HttpErrors.invalidRequest: the error shape) and the connection closed.
// All state lives on the connection's event loop; one timer per connection, rescheduled, never cancelled
// per request.
package dev.vanish.server.connection;

import dev.vanish.server.error.VanishError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.util.List;
import java.util.concurrent.TimeUnit;

final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** Vert.x's name for the decoder (Http1xServerConnection and its upgrade paths remove it by this name). */
  static final String NAME = "httpDecoder";
  /** Vert.x's name for the IdleStateHandler of HttpServerOptions.setIdleTimeout. */
  static final String IDLE = "idle";

  private final long headerTimeoutNanos;
  /** The next byte read begins a request. */
  private boolean betweenRequests = true;
  /** When the request being read began (its first byte, or the connection's opening); -1 = no request line or headers pending. */
  private long headersSince;
  private ScheduledFuture<?> timer;
  private boolean gone;
  private final HeaderScan scan = new HeaderScan();

  StrictRequestDecoder(HttpServerOptions options, long headerTimeoutMs) {
    super(options);
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMs);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    headersSince = System.nanoTime();
    schedule(ctx, headerTimeoutNanos);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (betweenRequests && in.isReadable()) {
      betweenRequests = false;
      scan.reset();
      if (headersSince < 0) {
        headersSince = System.nanoTime();
        if (timer == null) schedule(ctx, headerTimeoutNanos);
      }
    }
    int start = in.readerIndex();
    int before = out.size();
    super.decode(ctx, in, out);
    if (!scan.done()) scan.feed(in, start, in.readerIndex());
    for (int i = before; i < out.size(); i++) {
      Object msg = out.get(i);
      if (msg instanceof HttpRequest req) {
        headersSince = -1;
        refuseIfAmbiguous(req);
      }
      if (msg instanceof LastHttpContent) betweenRequests = true;
    }
  }

  private void refuseIfAmbiguous(HttpRequest req) {
    if (!req.decoderResult().isSuccess()) return;
    if (req.protocolVersion().majorVersion() != 1) {
      // Netty reads any HTTP/x.y line; the prior-knowledge HTTP/2 preface ("PRI * HTTP/2.0") would be served.
      req.setDecoderResult(DecoderResult.failure(VanishError.invalid("Only HTTP/1.x is spoken here.")));
    } else if (scan.folded()) {
      req.setDecoderResult(DecoderResult.failure(VanishError.invalid("Folded (obsolete line-wrapped) headers are not accepted.")));
    } else if (req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      req.setDecoderResult(DecoderResult.failure(VanishError.invalid("A request may not carry both Content-Length and Transfer-Encoding.")));
    }
  }

  /** Netty removes the Content-Length here and reads the body as chunked; it is kept, so the request is refused. */
  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // Deliberately nothing: refuseIfAmbiguous sees both headers.
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    if (gone || headersSince < 0) return;
    long left = headersSince + headerTimeoutNanos - System.nanoTime();
    if (left <= 0) ctx.channel().close();
    else schedule(ctx, left);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    gone = true;
    if (timer != null) timer.cancel(false);
    // Removed from a live connection: it became a WebSocket (or a raw socket); the HTTP idle timeout is no
    // longer its business.
    if (ctx.channel().isActive() && ctx.pipeline().get(IDLE) != null) ctx.pipeline().remove(IDLE);
    super.handlerRemoved0(ctx);
  }

  /**
   * Watches the bytes of one request's line and headers, as the decoder consumes them, for a header line
   * that begins with a space or tab (RFC 9112 §5.2 obs-fold). Stops at the empty line that ends the headers;
   * blank lines before the request line (which the decoder skips) do not count.
   */
  static final class HeaderScan {
    private int lines;           // lines finished so far, the request line included
    private boolean atLineStart = true;
    private boolean lineEmpty = true;
    private boolean folded;
    private boolean done;

    void reset() {
      lines = 0;
      atLineStart = true;
      lineEmpty = true;
      folded = false;
      done = false;
    }

    boolean folded() {
      return folded;
    }

    boolean done() {
      return done;
    }

    void feed(ByteBuf buf, int from, int to) {
      for (int i = from; i < to && !done; i++) feed(buf.getByte(i));
    }

    void feed(byte b) {
      if (b == '\n') {
        if (lineEmpty && lines > 0) done = true;
        else if (!lineEmpty) lines++;
        atLineStart = true;
        lineEmpty = true;
        return;
      }
      if (b == '\r') return;
      if (atLineStart && lines > 0 && (b == ' ' || b == '\t')) {
        folded = true;
        done = true;
      }
      atLineStart = false;
      lineEmpty = false;
    }
  }
}
