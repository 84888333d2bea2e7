// The page when the node's storage is full (VANISH_MEMORY_BUDGET reached, here a 2 MiB budget filled over the
// API): a message sent from an open room is marked "not sent" with a sentence saying the server is full, and
// creating a room from the lobby says the server cannot open a new room right now — instead of a bare failure.
package dev.vanish.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class StorageFullPageTest extends NodeTestBase {

  private Browsers.Session browsers;

  @Override
  protected ServerConfig config() {
    // History of 1000 (not the test default of 50), so the small messages of the fill are not traded for older
    // ones: a room at its own limits keeps chatting at a full node.
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 2).withBudgets(ServerConfig.MIN_ROOM_BYTES, 2L << 20);
    // No per-member message rate either: the fill posts a few hundred small messages from one member.
    return c.withHardening(c.hardening().withRates(Rate.OFF, Rate.OFF, Rate.OFF, c.hardening().typing()));
  }

  @BeforeAll
  void startBrowser() {
    browsers = Browsers.shared();
  }

  @AfterAll
  void stopBrowser() {
    if (browsers != null) browsers.close();
  }

  @Test
  void aSendAndACreateRefusedForFullStorageSaySo() {
    BrowserContext ctx = browsers.browser().newContext();
    try {
      Page alice = ctx.newPage();
      alice.navigate(api.base() + "/");
      alice.getByTestId("name").fill("alice");
      alice.getByTestId("create-room").click();
      alice.waitForURL(url -> url.contains("/r/") && !url.contains("#"));
      assertThat(alice.getByTestId("connection")).hasAttribute("data-state", "connected");

      fillTheNode();

      alice.getByTestId("message-input").fill("does this still go through?");
      alice.getByTestId("message-input").press("Enter");
      assertThat(alice.getByText("The server is full right now: your message was not sent.")).isVisible();
      assertThat(alice.getByTestId("message").last()).containsText("not sent");
      alice.setViewportSize(390, 844);
      alice.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("room-storage-full-390x844.png")));

      Page carol = ctx.newPage();
      carol.navigate(api.base() + "/");
      carol.getByTestId("name").fill("carol");
      carol.getByTestId("create-room").click();
      assertThat(carol.getByText("The server is full right now and cannot open a new room.")).isVisible();
      carol.setViewportSize(1280, 800);
      carol.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("lobby-storage-full-1280x800.png")));
    } finally {
      ctx.close();
    }
  }

  /** Rooms of 64 KiB of bodies until the node refuses, then small messages until those are refused too. */
  private void fillTheNode() {
    String big = "A".repeat(30_000);
    Api.Member last = null;
    for (int room = 0; room < 100; room++) {
      byte[] key = TestCrypto.newRoomKey();
      Api.Reply created = api.post("/api/v1/rooms", TestCrypto.createRequest(key));
      if (created.status() == 507) break;
      Api.Reply seat = api.tryJoin(new Api.Room(created.json().getString("roomId"), key, 0, 2));
      if (seat.status() == 507) break;
      last = new Api.Member(created.json().getString("roomId"), key, seat.json().getString("memberId"),
          seat.json().getString("token"));
      if (post(last, big) == 507 || post(last, big) == 507 || post(last, big) == 507) break;
    }
    assertThat(last).isNotNull();
    int status = 201;
    for (int i = 0; i < 10_000 && status == 201; i++) status = post(last, "AAAA");
    assertThat(status).isEqualTo(507);
  }

  private int post(Api.Member m, String body) {
    return api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", body)).status();
  }
}
