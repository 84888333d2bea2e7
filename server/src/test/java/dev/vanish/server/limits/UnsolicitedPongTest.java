// Only answers to the server's own pings count as liveness (issue 14, point 4): a client that sends a PONG
// every few hundred milliseconds of its own accord, with any payload, and never answers a ping, is closed
// with 4408 after the idle timeout like a silent one — while a client that answers pings stays.
package dev.vanish.server.limits;

import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.realtime.CloseCodes;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnsolicitedPongTest {

  @Test
  void unsolicitedPongsDoNotKeepASocketAlivePastTheIdleTimeout() throws Exception {
    ServerConfig c = TestNode.testConfig().withLimits(1, 50, 60);
    c = c.withHardening(c.hardening().withRates(Rate.OFF, Rate.OFF, Rate.OFF, Rate.OFF).withSockets(300, 1_500, 1 << 20));
    try (TestNode node = TestNode.start(c)) {
      Api api = node.api();
      Api.Room room = api.createRoom(600, 3);
      Api.Member m = api.join(room);
      int port = Integer.parseInt(node.base().replaceAll(".*:", ""));
      try (TestSocket polite = TestSocket.joined(api.base(), api.join(room), null);
           RawSocket pongs = new RawSocket(port, "/api/v1/rooms/" + m.roomId() + "/socket", Map.of(), 0)) {
        assertThat(pongs.status).isEqualTo(101);
        pongs.sendText(new JsonObject().put("type", "hello").put("v", 2).put("token", m.token()).encode());
        long start = System.currentTimeMillis();
        int closeCode = -2;
        // Reads what the server sends (so this is no slow reader), never answers its pings, and sends a pong
        // of its own every 200 ms: the old "v" payload the server used, and an empty one.
        while (System.currentTimeMillis() - start < 8_000) {
          pongs.sendPong((System.currentTimeMillis() / 200) % 2 == 0 ? "v".getBytes(StandardCharsets.US_ASCII) : new byte[0]);
          RawSocket.Frame f = pongs.read(200);
          if (f != null && f.opcode() == 8) {
            closeCode = f.closeCode();
            break;
          }
        }
        long after = System.currentTimeMillis() - start;
        assertThat(closeCode).as("close code after %d ms of unsolicited pongs", after).isEqualTo((int) CloseCodes.IDLE);
        assertThat(after).as("closed by the idle timeout (1.5 s), not later").isLessThan(6_000);
        // The client that answers the server's pings (the JDK's WebSocket does) is still open.
        assertThat(polite.isClosed()).isFalse();
      }
    }
  }
}
