package dev.vanish.client.interop;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.Link;
import dev.vanish.client.VanishException;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client and the web page in the same room, on a real node: the same bytes on the wire, so what one
 * encrypts the other decrypts, both ways, whichever created the room; a wrong key is refused, never garbage.
 */
class BrowserInteropTest extends ClientTestBase {

  private Browsers.Session browsers;
  @BeforeAll
  void open() {
    browsers = Browsers.shared();
  }

  @AfterAll
  void shut() {
    if (browsers != null) browsers.close();
  }

  private Page page() {
    // The clipboard is allowed: the page's full link comes from "Copy link" (the address bar never holds the key).
    BrowserContext ctx = browsers.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
        .setPermissions(List.of("clipboard-read", "clipboard-write")));
    return ctx.newPage();
  }

  private static void waitConnected(Page page) {
    assertThat(page.getByTestId("connection")).hasAttribute("data-state", "connected");
  }

  private static Locator messageWithText(Page page, String text) {
    return page.getByTestId("message").filter(new Locator.FilterOptions().setHas(
        page.getByTestId("message-text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
  }

  private static ChatMessage next(BlockingRoom room) {
    return room.next(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no message reached the Java client"));
  }

  @Test
  void theJavaClientJoinsARoomTheBrowserCreated() {
    Page page = page();
    page.navigate(api.base() + "/");
    page.getByTestId("name").fill("browser-bea");
    page.getByTestId("create-room").click();
    page.waitForURL(url -> url.contains("/r/") && !url.contains("#"));
    waitConnected(page);
    page.getByTestId("copy-link").click();
    assertThat(page.getByTestId("copy-link")).hasText(java.util.regex.Pattern.compile("copied", java.util.regex.Pattern.CASE_INSENSITIVE));
    Link link = Link.parse((String) page.evaluate("() => navigator.clipboard.readText()"));

    try (BlockingRoom room = vanish.join(link, "java-jo")) {
      page.getByTestId("message-input").fill("hello Java, from Chromium ✓");
      page.getByTestId("message-input").press("Enter");
      ChatMessage got = next(room);
      assertThat(got.text()).isEqualTo("hello Java, from Chromium ✓");
      assertThat(got.name()).isEqualTo("browser-bea");
      assertThat(got.mine()).isFalse();

      room.send("hello Chromium, from Java <b>bold?</b>");
      Locator atPage = messageWithText(page, "hello Chromium, from Java <b>bold?</b>");
      assertThat(atPage).isVisible();
      assertThat(atPage.getByTestId("message-sender")).hasText("java-jo");
      assertThat(page.getByTestId("members")).containsText("2");
      page.context().close();
    }
  }

  @Test
  void theBrowserJoinsARoomTheJavaClientCreated() {
    Link link = vanish.create(api.base(), 600, 2);
    try (BlockingRoom room = vanish.join(link, "java-jo")) {
      room.send("waiting for you");
      Page page = page();
      page.navigate(link.format());
      page.getByTestId("join-room").click(); // the join screen: nothing is taken before Join room
      waitConnected(page);
      assertThat(messageWithText(page, "waiting for you")).isVisible();
      page.getByTestId("message-input").fill("here now");
      page.getByTestId("message-input").press("Enter");
      List<String> texts = List.of(next(room).text(), next(room).text());
      assertThat(texts).containsExactly("waiting for you", "here now");
      page.context().close();
    }
  }

  @Test
  void aWrongKeyIsRefusedWithAClearError() {
    Link link = vanish.create(api.base(), 600, 2);
    Link wrong = Link.parse(api.base() + "/r/" + link.roomId() + "#" + TestCrypto.b64(TestCrypto.newRoomKey()));
    assertThatThrownBy(() -> vanish.join(wrong, "mallory"))
        .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.ROOM_NOT_FOUND))
        .hasMessageContaining("link is wrong");
  }
}
