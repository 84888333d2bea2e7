// A member that takes a seat and opens its socket like any client, then stops reading (a paused Vert.x socket
// with a small receive buffer, so the server's kernel buffer and then its write queue fill): the peer the
// server's slow-reader bound exists for. After holdMs it reads again and reports how the socket ended: cut by
// the server (1008 or, when the close frame itself could not be flushed, an abnormal end), or still open,
// which a soak counts as an error. Raw HTTP and WebSocket on purpose: the client library always reads.
package dev.vanish.bench;

import dev.vanish.client.Link;
import dev.vanish.client.crypto.RoomKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;

final class NonReader {

  /** How it ended: the close code the server sent (null when none arrived) and whether it was cut at all. */
  record Outcome(boolean cut, Short closeCode, String failure) {}

  private final Vertx vertx;
  private final HttpClient http;
  private final WebSocketClient sockets;

  NonReader(Vertx vertx) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000));
    // 4 KiB: the kernel stops accepting after a few frames, so the backlog builds on the server's side.
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(4096)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setConnectTimeout(30_000));
  }

  /** Joins the room, stops reading for holdMs, then reads until the socket ends or graceMs pass. */
  Future<Outcome> run(Link link, long holdMs, long graceMs) {
    URI u = URI.create(link.origin());
    RoomKey key = link.roomKey();
    RequestOptions challenge = new RequestOptions().setMethod(HttpMethod.GET).setHost(u.getHost()).setPort(u.getPort())
        .setURI("/api/v1/rooms/" + link.roomId() + "/challenge");
    RequestOptions join = new RequestOptions().setMethod(HttpMethod.POST).setHost(u.getHost()).setPort(u.getPort())
        .setURI("/api/v1/rooms/" + link.roomId() + "/members").putHeader("Content-Type", "application/json");
    // Protocol v2 seat-taking: a fresh challenge, signed with the link's key.
    return http.request(challenge).compose(req -> req.send())
        .compose(resp -> resp.body().compose(body -> resp.statusCode() == 200
            ? Future.succeededFuture(new JsonObject(body).getString("challenge"))
            : Future.failedFuture("challenge " + resp.statusCode())))
        .compose(c -> http.request(join).compose(req -> req.send(new JsonObject().put("v", 2).put("challenge", c)
            .put("signature", key.signSeat(c)).encode())))
        .compose(resp -> resp.body().compose(body -> resp.statusCode() == 201
            ? Future.succeededFuture(new JsonObject(body).getString("token"))
            : Future.failedFuture("join " + resp.statusCode())))
        .compose(token -> sockets.connect(new WebSocketConnectOptions().setHost(u.getHost()).setPort(u.getPort())
            .setURI("/api/v1/rooms/" + link.roomId() + "/socket")).compose(ws -> hold(ws, token, holdMs, graceMs)))
        .recover(e -> Future.succeededFuture(new Outcome(false, null, "nonreader:" + e.getMessage())));
  }

  private Future<Outcome> hold(WebSocket ws, String token, long holdMs, long graceMs) {
    Promise<Outcome> done = Promise.promise();
    ws.pause();
    ws.handler(b -> { /* read and dropped, once resumed */ });
    ws.exceptionHandler(e -> { /* the close handler follows */ });
    ws.closeHandler(v -> done.tryComplete(new Outcome(true, ws.closeStatusCode(), null)));
    ws.writeTextMessage(new JsonObject().put("type", "hello").put("v", 2).put("token", token).encode());
    vertx.setTimer(holdMs, t -> {
      ws.resume();
      vertx.setTimer(graceMs, t2 -> {
        if (done.tryComplete(new Outcome(false, null, "nonreader:not-cut"))) ws.close();
      });
    });
    return done.future();
  }

  Future<Void> close() {
    return sockets.close().eventually(http::close);
  }
}
