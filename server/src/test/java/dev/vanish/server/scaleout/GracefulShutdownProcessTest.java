package dev.vanish.server.scaleout;

import dev.vanish.server.realtime.CloseCodes;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM on a real node process (the JVM's shutdown hook, as under systemd, Docker or Kubernetes): with an
 * open socket and a request whose body is still arriving, the node stops accepting connections, closes the
 * socket with 1012 "server restarting", completes the in-flight request, and exits within 10 seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GracefulShutdownProcessTest {

  @Test
  void sigtermClosesSocketsFinishesRequestsAndExits() throws Exception {
    NodeProcess node = NodeProcess.start(NodeProcess.testEnv(null, null));
    try {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      try (TestSocket socket = TestSocket.joined(node.base(), api.join(room), null);
           Socket raw = new Socket("127.0.0.1", node.port())) {
        // A request in flight: headers and half the body sent, the rest after the stop began.
        byte[] body = TestCrypto.createRequest(TestCrypto.newRoomKey())
            .encode().getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;
        OutputStream out = raw.getOutputStream();
        out.write(("POST /api/v1/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, half);
        out.flush();
        Thread.sleep(300); // let the node read the headers: the request has begun

        long t0 = System.nanoTime();
        node.terminate();

        assertThat(socket.awaitClose()).isEqualTo(CloseCodes.RESTARTING);
        assertThat(socket.closeReason()).isEqualTo("server restarting");
        long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        // No new connections while it drains.
        Eventually.until("no new connections accepted while draining", Duration.ofSeconds(5),
            () -> node.status("/healthz"), status -> status == -1);
        assertThat(node.isAlive()).as("still draining the in-flight request").isTrue();

        out.write(body, half, body.length - half);
        out.flush();
        String response = readResponse(raw.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 201");
        assertThat(response).contains("\"roomId\"");

        node.waitFor(10_000);
        long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("SIGTERM: socket closed after %d ms, process exited after %d ms%n", closedMs, exitMs);
        assertThat(exitMs).isLessThan(10_000);
        assertThat(node.log()).contains("stopped in");
      }
    } finally {
      node.close();
    }
  }

  /** Reads one HTTP response (headers and a Content-Length body) from a raw socket. */
  private static String readResponse(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int contentLength = -1;
    int c;
    while ((c = in.read()) != -1) {
      sb.append((char) c);
      if (sb.toString().endsWith("\r\n\r\n")) break;
    }
    for (String line : sb.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) contentLength = Integer.parseInt(line.substring(15).trim());
    }
    byte[] bodyBytes = in.readNBytes(Math.max(0, contentLength));
    return sb + new String(bodyBytes, StandardCharsets.UTF_8);
  }
}
