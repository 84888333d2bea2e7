// The ceiling: the simplest WebSocket relay Vert.x allows. No store, no auth, no crypto, no JSON: a text frame
// in is written, as the same bytes, to every other socket of its group (the URL path /g/<group>). One
// verticle, so one event loop, like a Vanish node. A test-only fault option drops or duplicates every Nth
// frame so the generator's accounting can be seen to catch it.
package dev.vanish.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class BaselineRelay extends VerticleBase {

  /** Deliberate faults for tests: 0 = none; n = drop (or send twice) every nth frame received. */
  public record Faults(int dropEvery, int duplicateEvery) {
    public static final Faults NONE = new Faults(0, 0);
  }

  private final Faults faults;
  private final Map<String, List<ServerWebSocket>> groups = new HashMap<>();
  private HttpServer server;
  private long frames;

  private BaselineRelay(Faults faults) {
    this.faults = faults;
  }

  /** Deploys a relay on a free port of 127.0.0.1; completes with the running relay. */
  public static Future<BaselineRelay> start(Vertx vertx, Faults faults) {
    BaselineRelay relay = new BaselineRelay(faults);
    return vertx.deployVerticle(relay).map(id -> relay);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20));
    server.webSocketHandler(this::accept);
    return server.listen();
  }

  private void accept(ServerWebSocket ws) {
    String path = ws.path();
    if (!path.startsWith("/g/")) {
      ws.close((short) 4404);
      return;
    }
    String group = path.substring(3);
    List<ServerWebSocket> members = groups.computeIfAbsent(group, g -> new ArrayList<>());
    members.add(ws);
    ws.closeHandler(v -> {
      members.remove(ws);
      if (members.isEmpty()) groups.remove(group, members);
    });
    ws.exceptionHandler(e -> { /* the close handler follows */ });
    ws.handler(data -> relay(ws, members, data));
  }

  /** The received bytes as a text frame, shared by every recipient without copying (as a Vanish node does). */
  private static WebSocketFrame textFrame(Buffer utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true);
  }

  private void relay(ServerWebSocket from, List<ServerWebSocket> members, Buffer data) {
    frames++;
    if (faults.dropEvery() > 0 && frames % faults.dropEvery() == 0) return;
    int copies = faults.duplicateEvery() > 0 && frames % faults.duplicateEvery() == 0 ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < members.size(); i++) {
        ServerWebSocket to = members.get(i);
        if (to != from) to.writeFrame(textFrame(data));
      }
    }
  }
}
