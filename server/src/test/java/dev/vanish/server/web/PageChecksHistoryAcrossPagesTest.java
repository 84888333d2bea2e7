// The page, like the Java client, looks a send in flight up in the history before sending it again after a
// reconnect, and the history comes in pages of at most 1 MiB (GET …/messages, `next`). Here the page's stored
// but unacknowledged message sits behind more than 1 MiB of messages: the page must follow `next` to find it,
// or it stores it a second time (issue 14, point 4). The page's socket runs through Playwright's WebSocket
// route, which drops the server's frames on the first connection and then closes it (1001).
package dev.vanish.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class PageChecksHistoryAcrossPagesTest extends NodeTestBase {

  /** ~27 KiB bodies: 45 of them are more than one 1 MiB page. */
  private static final String BIG = "x".repeat(20_000);

  /** Every stored message, walking the pages as a member. */
  private List<JsonObject> history(Api.Member m) {
    List<JsonObject> all = new ArrayList<>();
    String after = "0";
    while (after != null) {
      Api.Reply r = api.get("/api/v1/rooms/" + m.roomId() + "/messages?limit=500&after=" + after, m.token());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      r.json().getJsonArray("messages").forEach(o -> all.add((JsonObject) o));
      after = r.json().getString("next");
    }
    return all;
  }

  @Test
  void aSendInFlightIsFoundBehindMoreThanAPageAndStoredOnce() {
    Api.Room room = api.createRoom(600, 6);
    try (Browsers.Session browsers = Browsers.shared()) {
      BrowserContext ctx = browsers.browser().newContext();
      Page page = ctx.newPage();
      AtomicInteger connections = new AtomicInteger();
      AtomicReference<WebSocketRoute> first = new AtomicReference<>();
      AtomicReference<Boolean> frozen = new AtomicReference<>(false);
      page.routeWebSocket("**/socket", ws -> {
        int n = connections.incrementAndGet();
        WebSocketRoute server = ws.connectToServer();
        if (n == 1) first.set(ws);
        // The first connection forwards the page's frames but, once frozen, none of the server's.
        server.onMessage(f -> {
          if (n != 1 || !frozen.get()) ws.send(f.text());
        });
        ws.onMessage(f -> server.send(f.text()));
      });
      page.navigate(api.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(room.key()));
      page.getByTestId("join-room").click();
      assertThat(page.getByTestId("connection")).hasAttribute("data-state", "connected");

      frozen.set(true);
      // Seats taken now: the tests' seat grace is 2 s, and starting the browser takes longer.
      List<Api.Member> flooders = List.of(api.join(room), api.join(room), api.join(room));
      Set<String> flooderIds = Set.of(flooders.get(0).memberId(), flooders.get(1).memberId(), flooders.get(2).memberId());
      for (int i = 0; i < 45; i++) {
        Api.Reply r = api.send(flooders.get(i % 3), BIG + i);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
      }
      page.getByTestId("message-input").fill("in flight");
      page.getByTestId("message-input").press("Enter");
      Eventually.until("the page's message stored", Duration.ofSeconds(10), Duration.ofMillis(500), () -> {
        page.waitForTimeout(1); // lets Playwright pass the routed frames on
        return history(flooders.get(0)).stream().filter(m -> !flooderIds.contains(m.getString("memberId"))).count();
      }, count -> count == 1);

      // The socket drops with the send unacknowledged; the page reconnects and checks the history first.
      first.get().close(new WebSocketRoute.CloseOptions().setCode(1001).setReason("going away"));
      Eventually.until("the page reconnected", Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
        page.waitForTimeout(1);
        return connections.get();
      }, n -> n >= 2);
      assertThat(page.getByTestId("connection")).hasAttribute("data-state", "connected");
      page.waitForTimeout(1500);

      long stored = history(api.join(room)).stream().filter(m -> !flooderIds.contains(m.getString("memberId"))).count();
      assertThat(stored).as("copies of the page's message stored").isEqualTo(1);
      ctx.close();
    }
  }
}
