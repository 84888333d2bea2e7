// A malicious relay for tests: a Vert.x HTTP and WebSocket proxy between clients and a real node, as a
// TLS-terminating proxy or a compromised server would sit. HTTP passes through unchanged; every text frame the
// node sends to a socket goes through the current Tamper, which may drop, change, delay, duplicate or
// invent frames for that socket only. Each socket learns its own memberId from its welcome, so a tamper can
// target one member ("drop this for Bob only").
package dev.vanish.client.integrity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

final class MaliciousRelay implements AutoCloseable {

  /** One relayed socket: the member it belongs to (after its welcome) and a scratchpad for the tamper. */
  static final class Socket {
    volatile String memberId;
    final java.util.Map<String, Object> state = new java.util.concurrent.ConcurrentHashMap<>();
  }

  /** Turns one frame from the node into the frames the client gets (none: dropped). Called on one thread per socket. */
  interface Tamper {
    List<JsonObject> apply(Socket socket, JsonObject frame);
  }

  static final Tamper HONEST = (s, f) -> List.of(f);

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http;
  private final WebSocketClient sockets;
  private final String targetHost;
  private final int targetPort;
  private final HttpServer server;
  private volatile Tamper tamper = HONEST;
  final List<Socket> relayed = new CopyOnWriteArrayList<>();

  MaliciousRelay(String target) throws Exception {
    URI u = URI.create(target);
    targetHost = u.getHost();
    targetPort = u.getPort();
    http = vertx.createHttpClient(new HttpClientOptions());
    sockets = vertx.createWebSocketClient();
    server = vertx.createHttpServer().webSocketHandler(this::relaySocket).requestHandler(this::relayHttp)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** http://127.0.0.1:port: the address to give clients instead of the node's. */
  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The tamper for every frame from now on (HONEST to stop). */
  void tamper(Tamper t) {
    tamper = t;
  }

  private void relayHttp(HttpServerRequest in) {
    Future<Buffer> requestBody = in.body(); // at once: a request without a body ends right away
    RequestOptions out = new RequestOptions().setMethod(in.method()).setHost(targetHost).setPort(targetPort).setURI(in.uri());
    in.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("connection")) out.addHeader(k, v);
    });
    requestBody.compose(b -> http.request(out).compose(req -> req.send(b))).onComplete(ar -> {
      if (ar.failed()) {
        System.err.println("relay: " + ar.cause());
        in.response().setStatusCode(502).end();
        return;
      }
      var resp = ar.result();
      resp.body().onComplete(body -> {
        in.response().setStatusCode(resp.statusCode());
        resp.headers().forEach((k, v) -> {
          if (!k.equalsIgnoreCase("connection") && !k.equalsIgnoreCase("transfer-encoding")
              && !k.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH.toString())) {
            in.response().putHeader(k, v);
          }
        });
        in.response().end(body.succeeded() ? body.result() : Buffer.buffer());
      });
    });
  }

  private void relaySocket(ServerWebSocket client) {
    client.pause();
    Socket socket = new Socket();
    WebSocketConnectOptions opts = new WebSocketConnectOptions().setHost(targetHost).setPort(targetPort)
        .setURI(client.uri()).setAllowOriginHeader(false);
    sockets.connect(opts).onComplete(ar -> {
      if (ar.failed()) {
        client.close((short) 1011);
        return;
      }
      WebSocket upstream = ar.result();
      relayed.add(socket);
      upstream.textMessageHandler(text -> {
        JsonObject frame = new JsonObject(text);
        if ("welcome".equals(frame.getString("type"))) socket.memberId = frame.getString("memberId");
        for (JsonObject f : tamper.apply(socket, frame)) client.writeTextMessage(f.encode());
      });
      upstream.closeHandler(v -> {
        Short code = upstream.closeStatusCode();
        if (!client.isClosed()) client.close(code == null ? (short) 1006 : code, upstream.closeReason());
      });
      client.textMessageHandler(upstream::writeTextMessage);
      client.closeHandler(v -> {
        if (!upstream.isClosed()) upstream.close();
      });
      client.resume();
    });
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
  }

}
