// What every TCP connection of the public port goes through as it is accepted (HttpServer.connectionHandler,
// called by Vert.x while it sets up the connection's pipeline, before anything is read):
// - the cap on open connections per peer address (VANISH_CONNECTIONS_PER_IP): every connection counts, plain
//   HTTP, kept-alive and WebSocket alike (issue 14: a node with 400 file descriptors stopped answering
//   /healthz to one IP's idle connections). Counted by the TCP peer's address (IPv6 by its /64, like the
//   rate limits), not X-Forwarded-For: nothing of the request has been read yet. Peers in
//   VANISH_TRUSTED_PROXIES are not capped — all clients arrive through them; docs/DEPLOY.md caps per client
//   at nginx (limit_conn). A refused connection gets a fixed 429 in the error shape and is closed at once,
//   without its request being read (ConnectionCapTest);
// - the stricter request decoder with the request-header timeout (StrictRequestDecoder).
// The counts live in a HashMap touched only on the node's event loop (Vert.x calls this handler and the
// connections' close handlers there: one verticle owns the server).
package dev.vanish.server.connection;

import dev.vanish.server.config.Network;
import dev.vanish.server.config.TrustedProxies;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.limits.ClientIp;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

public final class ConnectionGuard implements Handler<HttpConnection> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String TOO_MANY = "Too many connections from this address.";
  /** The whole answer to a refused connection, built once: status line, headers, the error body. */
  private static final byte[] REFUSAL = refusal();

  private final Network network;
  private final TrustedProxies proxies;
  private final HttpServerOptions options;
  private final Map<String, Integer> open = new HashMap<>();
  private boolean warned;

  public ConnectionGuard(Network network, TrustedProxies proxies, HttpServerOptions options) {
    this.network = network;
    this.proxies = proxies;
    this.options = options;
  }

  @Override
  public void handle(HttpConnection conn) {
    ChannelHandlerContext chctx = conn instanceof ConnectionBase c ? c.channelHandlerContext() : null;
    if (chctx == null && !warned) {
      warned = true;
      LOG.warn("cannot reach the connections' pipeline (Vert.x changed?): no header timeout, no codec strictness");
    }
    String subject = network.connectionsPerIp() > 0 ? subject(conn.remoteAddress()) : null;
    if (subject != null) {
      int n = open.getOrDefault(subject, 0);
      if (n >= network.connectionsPerIp()) {
        refuse(conn, chctx);
        return;
      }
      open.put(subject, n + 1);
      conn.closeHandler(v -> open.computeIfPresent(subject, (k, c) -> c <= 1 ? null : c - 1));
    }
    if (chctx != null) install(chctx.pipeline());
  }

  private void install(ChannelPipeline pipeline) {
    // Only HTTP/1.x connections have it. With VANISH_H2C=on Vert.x's h2c upgrade handler sits behind the decoder,
    // and with the decoder replaced an upgrading POST from Java's HttpClient got no answer (EOF): such a node keeps
    // Vert.x's own decoder, so no header timeout and no framing strictness (the cap and idle timeout remain).
    if (pipeline.get(StrictRequestDecoder.NAME) == null || pipeline.get("h2c") != null) return;
    pipeline.replace(StrictRequestDecoder.NAME, StrictRequestDecoder.NAME,
        new StrictRequestDecoder(options, network.headerTimeoutMs()));
  }

  /** The address a connection counts against, or null when it is not capped (a trusted proxy, no address). */
  private String subject(SocketAddress peer) {
    byte[] addr = peer == null ? null : TrustedProxies.literal(peer.hostAddress());
    if (addr == null || proxies.trusts(addr)) return null;
    return ClientIp.normal(addr);
  }

  private static void refuse(HttpConnection conn, ChannelHandlerContext chctx) {
    if (chctx == null) {
      conn.close();
      return;
    }
    // Read nothing of it; write the fixed answer from the head of the pipeline (no HTTP encoder involved) and close.
    chctx.channel().config().setAutoRead(false);
    chctx.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
  }

  private static byte[] refusal() {
    byte[] body = new JsonObject().put("error", ErrorCode.RATE_LIMITED.wire()).put("message", TOO_MANY).encode()
        .getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 429 Too Many Requests\r\n"
        + "Content-Type: application/json; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Cache-Control: no-store\r\n"
        + "X-Content-Type-Options: nosniff\r\n"
        + "Connection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
