package dev.vanish.server.realtime;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: a page on https://evil.example opens WebSockets to a node from its visitors' browsers (the
 * browser sends the page's Origin; nothing else stops it), spending their sockets and per-IP limits. An
 * upgrade whose Origin is neither the node's own (VANISH_PUBLIC_URL, else the request's Host) nor listed in
 * VANISH_ALLOWED_ORIGINS is answered 403 forbidden in the error shape, before any upgrade (it was 101);
 * an upgrade without Origin (the terminal client) and one from the node's own pages are upgraded.
 */
class OriginCheckTest {

  /** What a raw upgrade got: the status and, for a refusal, the JSON body. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** One raw upgrade request for a room's socket with the given Origin (null: none) and Host. */
  static Answer upgrade(TestNode node, String roomId, String origin, String host) throws IOException {
    int port = Integer.parseInt(node.base().replaceAll(".*:", ""));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      String req = "GET /api/v1/rooms/" + roomId + "/socket HTTP/1.1\r\nHost: " + host + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
      s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        got.write(buf, 0, n);
        String text = got.toString(StandardCharsets.UTF_8);
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) continue;
        int status = Integer.parseInt(text.substring(9, 12));
        if (status == 101) return new Answer(101, "");
        String length = text.toLowerCase().replaceAll("(?s).*content-length: (\\d+).*", "$1");
        if (text.length() - head - 4 >= Integer.parseInt(length)) return new Answer(status, text.substring(head + 4));
      }
      throw new IOException("no complete answer: " + got);
    }
  }

  private static String authority(TestNode node) {
    return node.base().substring("http://".length());
  }

  private static void assertRefused(Answer a, String what) {
    assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(403);
    assertThat(a.json().fieldNames()).as(what).containsExactlyInAnyOrder("error", "message");
    assertThat(a.json().getString("error")).as(what).isEqualTo("forbidden");
  }

  @Test
  void anUpgradeFromAForeignPageIsRefused403() throws Exception {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      Api.Room room = node.api().createRoom(null, 2);
      String host = authority(node);
      for (String evil : List.of("https://evil.example", "null", "http://" + host + ".evil.example", "https://evil.example:443",
          "http://127.0.0.2:" + host.replaceAll(".*:", ""), "file://", "chrome-extension://abc")) {
        assertRefused(upgrade(node, room.roomId(), evil, host), evil);
      }
      // The node's own pages, over either scheme, and clients that are no page at all.
      assertThat(upgrade(node, room.roomId(), "http://" + host, host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), "HTTPS://" + host.toUpperCase(), host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), null, host).status()).isEqualTo(101);
      // A refused upgrade holds no socket: a member still joins and is welcomed.
      Api.Member m = node.api().join(room);
      try (TestSocket s = TestSocket.joined(node.base(), m, null)) {
        assertThat(s.seen()).anyMatch(f -> "welcome".equals(f.getString("type")));
      }
    }
  }

  @Test
  void thePublicUrlIsTheOwnOriginWhenSetAndAllowedOriginsAreAddedToIt() throws Exception {
    ServerConfig c = TestNode.testConfig();
    c = c.withHardening(c.hardening().withWeb("https://chat.example.org", false)
        .withAllowedOrigins(List.of("https://friend.example", "http://localhost:5173")));
    try (TestNode node = TestNode.start(c)) {
      Api.Room room = node.api().createRoom(null, 2);
      String host = authority(node);
      assertThat(upgrade(node, room.roomId(), "https://chat.example.org", host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), "https://chat.example.org:443", host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), "https://friend.example", host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), "http://localhost:5173", host).status()).isEqualTo(101);
      assertThat(upgrade(node, room.roomId(), null, host).status()).isEqualTo(101);
      // With a public URL, the Host no longer vouches for an origin: it may be whatever the client wrote.
      assertRefused(upgrade(node, room.roomId(), "http://" + host, host), "Host origin with a public URL");
      assertRefused(upgrade(node, room.roomId(), "http://chat.example.org", host), "the public URL's host over http");
      assertRefused(upgrade(node, room.roomId(), "https://evil.example", host), "evil");
    }
  }
}
