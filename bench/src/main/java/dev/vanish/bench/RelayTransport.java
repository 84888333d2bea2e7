// The baseline target: a raw Vert.x WebSocket per member to the BaselineRelay, group = room index. Frames
// carry the payload fields as plain JSON; a send counts as acknowledged once the frame is written to the
// socket (the relay has no acks: that is part of why it is the ceiling).
package dev.vanish.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

public final class RelayTransport implements Transport {

  private final WebSocketClient sockets;
  private final int port;
  private final String padding;
  private int members;

  public RelayTransport(Vertx vertx, int port, int payloadBytes) {
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000)
        .setConnectTimeout(30_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    this.port = port;
    this.padding = Payload.padding(payloadBytes);
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public Future<Void> prepare(int rooms, int members) {
    this.members = members;
    return Future.succeededFuture();
  }

  @Override
  public Future<Conn> connect(int member, Receiver receiver) {
    WebSocketConnectOptions opts = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/g/" + (member / members)).setTimeout(30_000);
    return sockets.connect(opts).map(ws -> {
      RelayConn conn = new RelayConn(member, ws);
      ws.textMessageHandler(text -> {
        Payload p = Payload.parseFrame(text);
        if (p == null) receiver.error("unparsable");
        else receiver.message(p.sender(), p.seq(), p.sentNanos());
      });
      ws.exceptionHandler(e -> { /* the close handler follows */ });
      ws.closeHandler(v -> {
        if (!conn.closing) receiver.error("socket-closed");
      });
      return conn;
    });
  }

  @Override
  public Future<Void> close() {
    return sockets.close();
  }

  private final class RelayConn implements Conn {
    private final int member;
    private final WebSocket ws;
    volatile boolean closing;

    RelayConn(int member, WebSocket ws) {
      this.member = member;
      this.ws = ws;
    }

    @Override
    public Future<Void> send(int seq, long sentNanos) {
      return ws.writeTextMessage(Payload.frame(member, seq, sentNanos, padding));
    }

    @Override
    public Future<Void> close() {
      closing = true;
      return ws.close((short) 1000);
    }
  }
}
