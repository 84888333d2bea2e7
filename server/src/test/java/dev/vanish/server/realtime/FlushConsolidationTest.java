package dev.vanish.server.realtime;

import dev.vanish.server.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channels.consolidateFlushes on a socket made the way SocketEndpoint makes them (Vert.x-Web's toWebSocket):
 * the handler lands in the Netty pipeline, and deferring flushes neither loses, reorders nor strands a frame,
 * whether frames come in a burst from one event-loop turn or one at a time from a timer (no read in progress,
 * so the flush is the deferred task's job alone).
 */
class FlushConsolidationTest {

  private Vertx vertx;
  private HttpServer server;
  private WebSocketClient client;
  private final AtomicReference<ServerWebSocket> serverSide = new AtomicReference<>();
  private final CompletableFuture<Boolean> installed = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/socket").handler(ctx -> ctx.request().toWebSocket().onSuccess(ws -> {
      installed.complete(Channels.consolidateFlushes(ws));
      serverSide.set(ws);
      ws.textMessageHandler(cmd -> {
        String[] parts = cmd.split(" ");
        int n = Integer.parseInt(parts[1]);
        // From a timer, so no read of this socket is in progress when the frames are written.
        vertx.setTimer(1, t -> {
          for (int i = 0; i < n; i++) ws.writeTextMessage(parts[0] + "-" + i);
        });
      });
    }));
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private WebSocket connect(List<String> received) throws Exception {
    WebSocket ws = client.connect(server.actualPort(), "127.0.0.1", "/socket").await(10, TimeUnit.SECONDS);
    ws.textMessageHandler(received::add);
    return ws;
  }

  private static void awaitCount(List<String> received, int n) {
    Eventually.until(n + " frames received", Duration.ofSeconds(10), Duration.ofMillis(10), received::size, size -> size >= n);
  }

  @Test
  void theHandlerIsInstalledInTheSocketsPipeline() throws Exception {
    connect(new CopyOnWriteArrayList<>());
    assertThat(installed.get(10, TimeUnit.SECONDS)).as("consolidateFlushes reached the channel").isTrue();
    WebSocketInternal inner = Channels.internal(serverSide.get());
    assertThat(inner).isNotNull();
    assertThat(inner.channelHandlerContext().pipeline().names()).contains("vanish-flush");
  }

  @Test
  void aBurstWrittenInOneTurnArrivesWholeAndInOrder() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket ws = connect(received);
    ws.writeTextMessage("burst 500").await(10, TimeUnit.SECONDS);
    awaitCount(received, 500);
    assertThat(received).hasSize(500);
    for (int i = 0; i < 500; i++) assertThat(received.get(i)).isEqualTo("burst-" + i);
  }

  @Test
  void aLoneFrameIsNotHeldBackWaitingForMore() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket ws = connect(received);
    for (int round = 0; round < 5; round++) {
      ws.writeTextMessage("lone" + round + " 1").await(10, TimeUnit.SECONDS);
      awaitCount(received, round + 1);
      assertThat(received).as("frames after round %d", round).hasSize(round + 1);
      assertThat(received.get(round)).isEqualTo("lone" + round + "-0");
    }
  }
}
