package dev.vanish.server.http;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.LogCapture;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers every answer carries or must not carry (no Server header anywhere, no-store on the API, HSTS only
 * behind an https public URL), and the opt-in access log: off by default, and never an address or room id.
 */
class SecurityHeadersTest {

  private static List<Api.Reply> sample(Api api, String roomId) {
    return List.of(api.get("/"), api.get("/healthz"), api.get("/api/v1/rooms/" + roomId), api.get("/no/such/page"),
        api.post("/api/v1/rooms", "{"), api.call("PUT", "/api/v1/rooms", null, null, null), api.get("/r/" + roomId));
  }

  @Test
  void noServerHeaderNoStoreOnTheApiAndNoHstsOverPlainHttp() {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      for (Api.Reply r : sample(api, room.roomId())) {
        assertThat(r.response().headers().firstValue("Server")).as(r.response().uri().toString()).isEmpty();
        assertThat(r.header("Strict-Transport-Security")).isNull();
        assertThat(r.header("Content-Security-Policy")).isEqualTo(Headers.CSP);
        if (r.response().uri().getPath().startsWith("/api/")) assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      }
    }
  }

  @Test
  void hstsWhenThePublicUrlIsHttps() {
    ServerConfig c = TestNode.testConfig();
    try (TestNode node = TestNode.start(c.withHardening(c.hardening().withWeb("https://chat.example.org", false)))) {
      Api api = node.api();
      for (Api.Reply r : sample(api, "AAAAAAAAAAAAAAAAAAAAAA")) {
        assertThat(r.header("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(r.response().headers().firstValue("Server")).isEmpty();
      }
    }
  }

  @Test
  void accessLogIsOffByDefault() {
    try (TestNode node = TestNode.start(TestNode.testConfig()); LogCapture log = LogCapture.capture()) {
      node.api().createRoom(null, 2);
      node.api().get("/healthz");
      assertThat(log.text()).doesNotContain(AccessLog.LOGGER);
    }
  }

  @Test
  void accessLogWhenAskedHoldsRoutesNotAddressesOrRoomIds() throws Exception {
    ServerConfig c = TestNode.testConfig();
    try (TestNode node = TestNode.start(c.withHardening(c.hardening().withWeb(null, true))); LogCapture log = LogCapture.capture()) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 3);
      Api.Member m = api.join(room);
      api.send(m, "hello");
      api.get("/api/v1/rooms/" + room.roomId(), m.token());
      api.get("/r/" + room.roomId());
      api.get("/api/v1/rooms/" + room.roomId() + "/nothing-here");
      api.get("/assets/" + room.roomId() + ".js");
      try (TestSocket s = TestSocket.joined(api.base(), m, null)) {
        s.close();
      }
      Thread.sleep(300);
      String text = log.text();
      assertThat(text).contains(AccessLog.LOGGER + " POST /api/v1/rooms 201")
          .contains("POST /api/v1/rooms/:roomId/members 201")
          .contains("GET /api/v1/rooms/:roomId 200")
          .contains("GET /r/:roomId 200");
      assertThat(text).doesNotContain(room.roomId()).doesNotContain("127.0.0.1").doesNotContain(m.memberId())
          .doesNotContain(m.token());
    }
  }
}
