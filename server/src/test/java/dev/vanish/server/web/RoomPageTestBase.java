package dev.vanish.server.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser tests of the room page's people features share (the pattern of BrowserChatTest): one Chromium
 * per class, a context per page, every console error, CSP, Trusted Types or Permissions-Policy complaint failing
 * the test that caused it; seats taken over the API that say what an attacker would (any name, any text); and a
 * real loss of focus (Chromium's focus emulation off, another window brought to the front).
 */
abstract class RoomPageTestBase extends NodeTestBase {

  private Browsers.Session browsers;
  private final List<BrowserContext> contexts = new ArrayList<>();
  protected final List<String> consoleProblems = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startBrowser() {
    browsers = Browsers.launch();
  }

  @AfterAll
  void stopBrowser() {
    if (browsers != null) browsers.close();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
    List<String> problems = List.copyOf(consoleProblems);
    consoleProblems.clear();
    assertThat(problems).as("console errors / CSP violations").isEmpty();
  }

  protected Page newPage(int width, int height, String... permissions) {
    Browser b = browsers.browser();
    BrowserContext ctx = b.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setPermissions(List.of(permissions)));
    contexts.add(ctx);
    Page page = ctx.newPage();
    page.onConsoleMessage(m -> {
      boolean expectedHttpError = m.text().startsWith("Failed to load resource: the server responded with a status of 4");
      if ("error".equals(m.type()) && !expectedHttpError) consoleProblems.add(m.text());
      else if (m.text().contains("Permissions-Policy") || m.text().contains("Trusted Type")) consoleProblems.add(m.type() + ": " + m.text());
    });
    page.onPageError(e -> consoleProblems.add("page error: " + e));
    page.onDialog(d -> {
      consoleProblems.add("unexpected dialog: " + d.message());
      d.dismiss();
    });
    return page;
  }

  protected Page newPage() {
    return newPage(1280, 800);
  }

  /** Creates a room from the lobby under this name and returns the full link. */
  protected String createFromLobby(Page page, String name, String capacity) {
    page.navigate(api.base() + "/");
    page.getByTestId("name").fill(name);
    page.getByTestId("capacity").selectOption(capacity);
    page.getByTestId("create-room").click();
    page.waitForURL(url -> url.contains("/r/") && url.contains("#"));
    waitConnected(page);
    return page.url();
  }

  protected static void waitConnected(Page page) {
    assertThat(page.getByTestId("message-input")).isEditable();
    assertThat(page.getByTestId("connection")).hasAttribute("data-state", "connected");
  }

  protected static void send(Page page, String text) {
    page.getByTestId("message-input").fill(text);
    page.getByTestId("message-input").press("Enter");
  }

  protected static Locator messageWithText(Page page, String text) {
    return page.getByTestId("message").filter(new Locator.FilterOptions().setHas(
        page.getByTestId("message-text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
  }

  /** The room of a full link, as the API client holds it. */
  protected static Api.Room roomOf(String link) {
    return new Api.Room(link.replaceAll(".*/r/([^#]+)#.*", "$1"), TestCrypto.unb64(link.replaceAll(".*#", "")), 0, 0);
  }

  protected String linkFor(Api.Room room) {
    return api.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(room.key());
  }

  /** A seat that sends a well-formed v2 message under any name it likes (seq: its own count, from 1). */
  protected void say(Api.Member m, long seq, String name, String text) {
    String body = TestCrypto.encrypt(m.key(), m.roomId(), TestCrypto.plaintext(m.memberId(), seq, name, text));
    Api.Reply r = api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", body));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }

  /** Exactly what the page shows as a message's author and its seat's tag (textContent, not normalized). */
  protected static String sender(Locator message) {
    return (String) message.getByTestId("message-sender").evaluate("e => e.textContent");
  }

  protected static String tag(Locator message) {
    Locator t = message.getByTestId("seat-tag");
    assertThat(t).hasText(java.util.regex.Pattern.compile("^[a-km-z2-9]{4}$"));
    return t.textContent();
  }

  /**
   * The page's window loses the focus for real: Chromium's focus emulation (which keeps every page focused) is
   * turned off for it and another window of its context is brought to the front. Returns that other window.
   */
  protected static Page sendToBackground(Page page) {
    CDPSession cdp = page.context().newCDPSession(page);
    com.google.gson.JsonObject off = new com.google.gson.JsonObject();
    off.addProperty("enabled", false);
    cdp.send("Emulation.setFocusEmulationEnabled", off);
    Page other = page.context().newPage();
    other.navigate("about:blank");
    other.bringToFront();
    page.waitForFunction("() => !document.hasFocus()");
    return other;
  }
}
