// A TCP proxy in front of one Vanish node that can cut a room's WebSocket on demand: what a member's network
// drop looks like to the client library (the socket ends without a close frame, 1006), so the soak exercises
// the library's real reconnect-and-resume path (`after` = the last id, unsure sends checked in the history)
// instead of a fake one. It reads only the first request line of each connection, to learn which room a
// socket upgrade belongs to; every byte is forwarded unchanged, with backpressure both ways. It does not
// alter, delay or reorder anything, and plain HTTP connections are never cut.
package dev.vanish.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class CuttingProxy {

  private static final Pattern SOCKET_PATH = Pattern.compile("^GET /api/v1/rooms/([^/?# ]+)/socket[ ?]");

  private final NetServer server;
  private final NetClient client;
  private final String targetHost;
  private final int targetPort;
  /** The open socket connections of each room, newest last; touched from any event loop, so concurrent. */
  private final Map<String, Queue<NetSocket>> sockets = new ConcurrentHashMap<>();

  private CuttingProxy(Vertx vertx, String target) {
    URI u = URI.create(target);
    this.targetHost = u.getHost();
    this.targetPort = u.getPort() > 0 ? u.getPort() : 80;
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000).setTcpNoDelay(true));
  }

  /** Starts a proxy to the node at target (an http:// URL) on a free port of 127.0.0.1. */
  public static Future<CuttingProxy> start(Vertx vertx, String target) {
    CuttingProxy p = new CuttingProxy(vertx, target);
    return p.server.connectHandler(p::accept).listen().map(s -> p);
  }

  /** The origin members use instead of the node's. */
  public String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Cuts the newest open socket of the room (both directions, no close frame); false when it has none. */
  public boolean cut(String roomId) {
    Queue<NetSocket> q = sockets.get(roomId);
    if (q == null) return false;
    NetSocket s = ((ConcurrentLinkedDeque<NetSocket>) q).pollLast();
    if (s == null) return false;
    s.close();
    return true;
  }

  public Future<Void> close() {
    return server.close().eventually(client::close);
  }

  private void accept(NetSocket from) {
    from.pause();
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        from.close();
        return;
      }
      NetSocket to = ar.result();
      boolean[] first = {true};
      from.handler(buf -> {
        if (first[0]) {
          first[0] = false;
          register(from, to, buf);
        }
        forward(from, to, buf);
      });
      to.handler(buf -> forward(to, from, buf));
      from.closeHandler(v -> to.close());
      to.closeHandler(v -> from.close());
      from.exceptionHandler(e -> from.close());
      to.exceptionHandler(e -> to.close());
      from.resume();
    });
  }

  /** A socket upgrade is filed under its room; cutting closes the member's side (to closes with it). */
  private void register(NetSocket from, NetSocket to, Buffer firstBytes) {
    int n = Math.min(firstBytes.length(), 200);
    Matcher m = SOCKET_PATH.matcher(firstBytes.getString(0, n, StandardCharsets.ISO_8859_1.name()));
    if (!m.find()) return;
    String room = m.group(1);
    Queue<NetSocket> q = sockets.computeIfAbsent(room, r -> new ConcurrentLinkedDeque<>());
    q.add(from);
    from.closeHandler(v -> {
      q.remove(from);
      if (q.isEmpty()) sockets.remove(room, q);
      to.close();
    });
  }

  private static void forward(NetSocket in, NetSocket out, Buffer buf) {
    out.write(buf);
    if (out.writeQueueFull()) {
      in.pause();
      out.drainHandler(v -> in.resume());
    }
  }
}
