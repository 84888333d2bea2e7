package dev.vanish.server.connection;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.RawHttp;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP idle timeout (1 s here) closes a kept-alive connection that waits between requests (before it,
 * such a connection stayed open for good), but not a WebSocket: sockets are pinged (every 3 s here, above
 * both HTTP timeouts) and have their own idle check (4408).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpIdleTimeoutTest {

  static final long IDLE_MS = 1_000;

  static ServerConfig config() {
    ServerConfig c = TestNode.testConfig();
    c = c.withNetwork(c.network().withTimeouts(IDLE_MS, IDLE_MS));
    return c.withHardening(c.hardening().withSockets(3_000, 7_000, c.hardening().slowReaderBytes()));
  }

  @Test
  void aKeptAliveConnectionWaitingForItsNextRequestIsClosedAfterTheIdleTimeout() {
    try (TestNode node = TestNode.start(config()); RawHttp h = RawHttp.connect(node.server().port())) {
      h.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(h.read().status()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(h.awaitClosed(IDLE_MS + 5_000)).as("closed by the server").isTrue();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf("idle keep-alive connection closed %d ms after its answer (idle timeout %d ms)%n", ms, IDLE_MS);
      assertThat(ms).isBetween(IDLE_MS - 100, IDLE_MS + 2_000);
    }
  }

  @Test
  void aWebSocketPingedLessOftenThanTheHttpTimeoutsStaysOpen() throws Exception {
    try (TestNode node = TestNode.start(config())) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      Api.Member alice = api.join(room);
      try (TestSocket ws = TestSocket.joined(node.base(), alice, null)) {
        Thread.sleep(4 * IDLE_MS + 1_000); // past both HTTP timeouts several times over, and past a ping
        assertThat(ws.isClosed()).as("socket closed: " + ws.closeReason()).isFalse();
        String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext("alice", "still here"));
        ws.sendJson(new JsonObject().put("type", "send").put("body", body).put("ref", 1));
        assertThat(ws.await("ack").getInteger("ref")).isEqualTo(1);
      }
    }
  }
}
