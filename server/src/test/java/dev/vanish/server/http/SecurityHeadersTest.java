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
        assertThat(r.header("Content-Security-Policy")).isEqualTo(Headers.csp(dev.vanish.server.web.WebRelease.builtIn().inlineScriptHash()));
        if (r.response().uri().getPath().startsWith("/api/")) assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      }
    }
  }

  /**
   * Pages, assets, API answers and errors alike: the page's own browsing-context group (COOP), resources for
   * its own origin only (CORP), every powerful feature off but the two the page uses ("Copy link", the microphone for voice messages), and Trusted Types
   * required with no policy allowed (a string can reach no HTML or script sink), and no script loaded without
   * integrity metadata. None of these was sent before.
   */
  @Test
  void everyAnswerIsolatesThePageAndTurnsOffWhatItDoesNotUse() {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      List<Api.Reply> answers = new java.util.ArrayList<>(sample(api, room.roomId()));
      answers.add(api.get("/assets/app.js"));
      answers.add(api.get("/assets/style.css"));
      answers.add(api.call("HEAD", "/", null, null, null));
      for (Api.Reply r : answers) {
        String what = r.response().request().method() + " " + r.response().uri().getPath();
        assertThat(r.header("Cross-Origin-Opener-Policy")).as(what).isEqualTo("same-origin");
        assertThat(r.header("Cross-Origin-Resource-Policy")).as(what).isEqualTo("same-origin");
        assertThat(r.header("Content-Security-Policy")).as(what)
            .contains("require-trusted-types-for 'script'").contains("trusted-types 'none'");
        // No script without integrity metadata (the shell's import map gives each module of the page its hash).
        assertThat(r.header("Integrity-Policy")).as(what).isEqualTo("blocked-destinations=(script)");
        String permissions = r.header("Permissions-Policy");
        assertThat(permissions).as(what).contains("camera=()", "microphone=(self)", "geolocation=()", "payment=()",
            "usb=()", "clipboard-write=(self)");
        // Only what the page uses is on, and only for itself: copying its link, recording a voice message.
        assertThat(permissions.split(", ")).as(what).filteredOn(p -> !p.endsWith("=()"))
            .containsExactlyInAnyOrder("clipboard-write=(self)", "microphone=(self)");
        // Decrypted images and voice messages are shown from the page's own blob: URLs; nothing else is widened.
        assertThat(r.header("Content-Security-Policy")).as(what)
            .contains("img-src 'self' data: blob:;").contains("media-src blob:;").contains("default-src 'self';")
            .contains("connect-src 'self';");
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
