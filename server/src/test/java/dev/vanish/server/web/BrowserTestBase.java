package dev.vanish.server.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every browser suite of the page shares: one real node (memory engine, or Redis where a subclass says so),
 * one Debian Chromium for the class, a fresh browser context per page, and the steps a visitor takes (create from
 * the lobby, open a link, send, find a message). A page that logs an error or a CSP violation fails its test.
 */
public abstract class BrowserTestBase extends NodeTestBase {

  static final Path SHOTS = Paths.get("target", "screenshots");

  private Browsers.Session browsers;
  private final List<BrowserContext> contexts = new ArrayList<>();
  /** Console errors and CSP violations from every page: a finished page has none. */
  protected final List<String> consoleProblems = new CopyOnWriteArrayList<>();

  /** Chromium switches a suite needs besides the usual ones (none unless a subclass says). */
  protected List<String> browserArgs() {
    return List.of();
  }

  @BeforeAll
  void startBrowser() {
    browsers = Browsers.launch(browserArgs());
  }

  @AfterAll
  void stopBrowser() {
    if (browsers != null) browsers.close();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
    // Each test answers for its own pages: cleared here, so one failure does not fail every later test.
    List<String> problems = List.copyOf(consoleProblems);
    consoleProblems.clear();
    assertThat(problems).as("console errors / CSP violations").isEmpty();
  }

  /** A page in a fresh context; the clipboard is always allowed (links come from "Copy link"), plus any permission named. */
  protected Page newPage(int width, int height, String... permissions) {
    Browser b = browsers.browser();
    List<String> granted = new ArrayList<>(List.of("clipboard-read", "clipboard-write"));
    granted.addAll(List.of(permissions));
    BrowserContext ctx = b.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setPermissions(granted));
    contexts.add(ctx);
    Page page = ctx.newPage();
    page.onConsoleMessage(m -> {
      // Chromium logs every 4xx answer itself (room full, wrong key, room gone are expected here); anything
      // else at error level is the page's fault, as is any CSP violation.
      boolean expectedHttpError = m.text().startsWith("Failed to load resource: the server responded with a status of 4")
          // and every refused connection while a node restarts (the page retries with backoff, by design)
          || m.text().contains("ERR_CONNECTION_REFUSED");
      if ("error".equals(m.type()) && !expectedHttpError) consoleProblems.add(m.text());
      // At any level: a feature name Chromium does not know in the server's Permissions-Policy (Headers.PERMISSIONS).
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

  /** The room of a full link, as the API client holds it. */
  protected static Api.Room roomOf(String link) {
    return new Api.Room(link.replaceAll(".*/r/([^#]+)#.*", "$1"), TestCrypto.unb64(link.replaceAll(".*#", "")), 0, 0);
  }

  static Locator byTestId(Page p, String id) {
    return p.getByTestId(id);
  }

  /** Creates a room from the lobby like a visitor and returns the full link. */
  protected String createFromLobby(Page page, String name) {
    return createFromLobby(page, name, "600", "2");
  }

  protected String createFromLobby(Page page, String name, String ttlSeconds, String capacity) {
    page.navigate(api.base() + "/");
    byTestId(page, "name").fill(name);
    byTestId(page, "ttl").selectOption(ttlSeconds);
    byTestId(page, "capacity").selectOption(capacity);
    byTestId(page, "create-room").click();
    // The creator's address bar never holds the key: the link comes from "Copy link".
    page.waitForURL(url -> url.contains("/r/") && !url.contains("#"));
    waitConnected(page);
    return linkOf(page);
  }

  /** The full link as "Copy link" copies it (the address bar shows /r/{roomId} only). */
  protected static String linkOf(Page page) {
    byTestId(page, "copy-link").click();
    assertThat(byTestId(page, "copy-link")).hasText(java.util.regex.Pattern.compile("copied", java.util.regex.Pattern.CASE_INSENSITIVE));
    return (String) page.evaluate("() => navigator.clipboard.readText()");
  }

  /** A recipient opens the link: the join screen shows the room, and nothing is taken until Join room is pressed. */
  protected static void openAndJoin(Page page, String link) {
    page.navigate(link);
    byTestId(page, "join-room").click();
  }

  /** Two people in one room: alice created it from the lobby, bob opened her link. */
  protected record Chat(Page alice, Page bob, String link) {}

  protected Chat twoInARoom(String aliceName) {
    Page alice = newPage();
    String link = createFromLobby(alice, aliceName);
    Page bob = newPage();
    openAndJoin(bob, link);
    waitConnected(bob);
    return new Chat(alice, bob, link);
  }

  protected static void waitConnected(Page page) {
    assertThat(byTestId(page, "message-input")).isEditable();
    assertThat(byTestId(page, "connection")).hasAttribute("data-state", "connected");
  }

  protected static void send(Page page, String text) {
    byTestId(page, "message-input").fill(text);
    byTestId(page, "message-input").press("Enter");
  }

  protected static Locator messageWithText(Page page, String text) {
    return byTestId(page, "message").filter(new Locator.FilterOptions().setHas(
        page.getByTestId("message-text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
  }

  protected static void assertBanner(Page page, String reason) {
    assertThat(byTestId(page, "banner")).isVisible();
    assertThat(byTestId(page, "banner")).hasAttribute("data-reason", reason);
  }

  /** A room created over the API with a key we hold, as a link a browser can open. */
  protected String linkFor(Api.Room room) {
    return api.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(room.key());
  }

}
