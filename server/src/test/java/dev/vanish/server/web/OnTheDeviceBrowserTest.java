package dev.vanish.server.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, on the person's device, in a real Chromium against a real node: a link scanner that runs the page takes
 * no seat; the key never reaches the creator's Chromium profile (History database, session files, storage: the
 * whole directory is searched) after DESTROY NOW or a plain tab close, and for a recipient only the first visit's
 * History and session entries hold it (docs/SECURITY.md); storage holds no plain token and no room id; reopening
 * the link keeps the seat; a seat that never sent is given back when the page goes away; Esc three times leaves
 * nothing of the room in storage. Saves screenshots of the join screen under target/screenshots.
 */
class OnTheDeviceBrowserTest extends NodeTestBase {

  private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync");

  private Browsers.Session browsers;

  /** A seat grace of 60 s, as in production: a seat here lapses only when the page gives it back. */
  @Override
  protected dev.vanish.server.config.ServerConfig config() {
    return dev.vanish.server.testsupport.TestNode.testConfig().withLimits(1, 50, 60);
  }

  @BeforeAll
  void startBrowser() {
    browsers = Browsers.shared();
  }

  @AfterAll
  void stopBrowser() {
    if (browsers != null) browsers.close();
  }

  private BrowserContext context(int w, int h) {
    return browsers.browser().newContext(new Browser.NewContextOptions().setViewportSize(w, h)
        .setPermissions(List.of("clipboard-read", "clipboard-write")));
  }

  private int seatsTaken(Api.Member m) {
    return api.get("/api/v1/rooms/" + m.roomId(), m.token()).json().getJsonArray("members").size();
  }

  private static void waitConnected(Page page) {
    assertThat(page.getByTestId("message-input")).isEditable();
    assertThat(page.getByTestId("connection")).hasAttribute("data-state", "connected");
  }

  private static void send(Page page, String text) {
    page.getByTestId("message-input").fill(text);
    page.getByTestId("message-input").press("Enter");
  }

  private static com.microsoft.playwright.Locator message(Page page, String text) {
    return page.getByTestId("message").filter(new com.microsoft.playwright.Locator.FilterOptions().setHas(
        page.getByTestId("message-text").getByText(text, new com.microsoft.playwright.Locator.GetByTextOptions().setExact(true))));
  }

  private String linkFor(Api.Room room) {
    return api.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(room.key());
  }

  /** A message the page shows as from that seat (its memberId and seq inside the plaintext). */
  private int sendAs(Api.Member m, long seq, String text) {
    String body = TestCrypto.encrypt(m.key(), m.roomId(), TestCrypto.plaintext(m.memberId(), seq, "creator", text));
    return api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new io.vertx.core.json.JsonObject().put("body", body)).status();
  }

  /** Everything of Vanish in both storage areas, as one string. */
  private static String storage(Page p) {
    return (String) p.evaluate("() => JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage))");
  }

  @Test
  void aLinkScannerThatRunsTheLinkForTenSecondsTakesNoSeatAndTheRecipientThenJoins() {
    Api.Room room = api.createRoom(600, 2);
    Api.Member creator = api.join(room);
    assertThat(sendAs(creator, 1, "for the recipient only")).isEqualTo(201);
    String link = linkFor(room);

    // What a mail or link scanner does: open the full link headless, run its scripts, wait, leave.
    BrowserContext scanner = context(1280, 800);
    Page scan = scanner.newPage();
    AtomicInteger sockets = new AtomicInteger();
    scan.onWebSocket(ws -> sockets.incrementAndGet());
    scan.navigate(link);
    scan.waitForTimeout(10_000);
    assertThat(seatsTaken(creator)).as("seats after the scanner ran the link for 10 s").isEqualTo(1);
    assertThat(sockets.get()).as("sockets the scanner's page opened").isZero();
    assertThat(scan.getByTestId("preview-seats")).hasText("1 of 2 seats taken");
    assertThat(scan.getByTestId("message")).hasCount(0);
    assertThat(scan.url()).as("the key left the address bar").doesNotContain("#");
    scanner.close();

    // The intended recipient: the join screen, then a seat of the two-seat room.
    for (int[] size : new int[][] {{390, 844}, {1280, 800}}) {
      BrowserContext look = context(size[0], size[1]);
      Page p = look.newPage();
      p.navigate(link);
      assertThat(p.getByTestId("join-room")).isEnabled();
      assertThat(p.getByTestId("preview-countdown")).hasText(Pattern.compile("^(09|10):\\d\\d$"));
      p.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("join-" + size[0] + "x" + size[1] + ".png")));
      look.close();
    }
    BrowserContext bob = context(1280, 800);
    Page b = bob.newPage();
    b.navigate(link);
    b.getByTestId("join-room").click();
    waitConnected(b);
    assertThat(message(b, "for the recipient only")).isVisible();
    assertThat(seatsTaken(creator)).isEqualTo(2);
    bob.close();
  }

  @Test
  void aSeatThatNeverSentIsGivenBackWhenThePageGoesAway() {
    Api.Room room = api.createRoom(600, 2);
    Api.Member creator = api.join(room);
    BrowserContext ctx = context(1280, 800);
    Page p = ctx.newPage();
    p.navigate(linkFor(room));
    p.getByTestId("join-room").click();
    waitConnected(p);
    assertThat(seatsTaken(creator)).isEqualTo(2);
    p.navigate("about:blank"); // the page goes away (pagehide), as when its tab closes
    Eventually.until("the unused seat released", Duration.ofSeconds(5), Duration.ofMillis(100), () -> seatsTaken(creator), n -> n == 1);
    ctx.close();
  }

  @Test
  void threeEscapePressesLeaveTheRoomAndNothingOfItStaysInStorage() {
    Api.Room room = api.createRoom(600, 3);
    Api.Member creator = api.join(room);
    BrowserContext ctx = context(1280, 800);
    Page p = ctx.newPage();
    p.navigate(linkFor(room));
    p.getByTestId("join-room").click();
    waitConnected(p);
    send(p, "then the boss walked in");
    Eventually.until("the seat stored", Duration.ofSeconds(5), Duration.ofMillis(100), () -> storage(p), s -> s.contains("vanish.s."));
    assertThat(seatsTaken(creator)).isEqualTo(2);
    p.keyboard().press("Escape");
    p.keyboard().press("Escape");
    p.keyboard().press("Escape");
    assertThat(p.getByTestId("create-room")).isVisible();
    assertThat(p.getByTestId("banner")).hasCount(0);
    assertThat(p.url()).isEqualTo(api.base() + "/");
    String left = storage(p);
    assertThat(left).doesNotContain("vanish.s.").doesNotContain("vanish.seat.").doesNotContain(room.roomId())
        .doesNotContain(TestCrypto.b64(room.key()));
    Eventually.until("the seat left", Duration.ofSeconds(5), Duration.ofMillis(100), () -> seatsTaken(creator), n -> n == 1);
    // Nothing to go back to: the room's entry in this tab's history was replaced by the lobby.
    p.goBack();
    assertThat(p.getByTestId("message")).hasCount(0);
    ctx.close();
  }

  // ---- the profile directory

  /** A Chromium with its own profile on disk, as a person's browser (history, sessions, storage all written). */
  private record Profile(Playwright pw, BrowserContext ctx) implements AutoCloseable {
    @Override
    public void close() {
      ctx.close();
      pw.close();
    }
  }

  private static Profile profile(Path dir) {
    Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    BrowserContext ctx = pw.chromium().launchPersistentContext(dir, new BrowserType.LaunchPersistentContextOptions()
        .setExecutablePath(Browsers.chromium()).setHeadless(true).setArgs(ARGS).setViewportSize(1280, 800)
        .setPermissions(List.of("clipboard-read", "clipboard-write")));
    return new Profile(pw, ctx);
  }

  /** Files under dir (relative names) holding the text, in ASCII/UTF-8 or UTF-16LE (how Chromium keeps strings). */
  static List<String> filesHolding(Path dir, String text) throws IOException {
    byte[] a = text.getBytes(StandardCharsets.UTF_8), w = text.getBytes(StandardCharsets.UTF_16LE);
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        byte[] b;
        try { b = Files.readAllBytes(f); } catch (IOException e) { continue; } // a socket or lock file
        if (indexOf(b, a) >= 0 || indexOf(b, w) >= 0) hits.add(dir.relativize(f).toString());
      }
    }
    return hits;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** The token the page got when it took its seat (read off the wire, to look for it on disk). */
  private static AtomicReference<String> tokenOf(Page p) {
    AtomicReference<String> token = new AtomicReference<>();
    p.onResponse(r -> {
      if (r.url().endsWith("/members") && r.status() == 201) token.set(new io.vertx.core.json.JsonObject(r.text()).getString("token"));
    });
    return token;
  }

  private static String createFromLobby(Page page) {
    page.getByTestId("name").fill("creator");
    page.getByTestId("create-room").click();
    waitConnected(page);
    page.getByTestId("copy-link").click();
    assertThat(page.getByTestId("copy-link")).hasText("Copied!");
    return (String) page.evaluate("() => navigator.clipboard.readText()");
  }

  @Test
  void theCreatorsKeyIsNowhereInTheProfileAfterDestroyOrATabClose() throws Exception {
    for (String ending : List.of("destroy", "tab close")) {
      Path dir = Files.createTempDirectory("vanish-profile");
      try {
        String link, key, roomId;
        AtomicReference<String> token;
        try (Profile creator = profile(dir)) {
          Page a = creator.ctx().newPage();
          token = tokenOf(a);
          a.navigate(api.base() + "/");
          link = createFromLobby(a);
          key = link.replaceAll(".*#", "");
          roomId = link.replaceAll(".*/r/([^#]+)#.*", "$1");
          BrowserContext other = context(1280, 800);
          Page b = other.newPage();
          b.navigate(link);
          b.getByTestId("join-room").click();
          waitConnected(b);
          send(a, "hello from the creator");
          assertThat(message(b, "hello from the creator")).isVisible();
          send(b, "hello back");
          assertThat(message(a, "hello back")).isVisible();
          Eventually.until("the creator's seat stored", Duration.ofSeconds(5), Duration.ofMillis(100), () -> storage(a), s -> s.contains("vanish.s."));
          String stored = storage(a);
          assertThat(stored).doesNotContain(key).doesNotContain(roomId).doesNotContain(token.get());
          if (ending.equals("destroy")) {
            a.getByTestId("destroy").click();
            a.getByTestId("destroy-confirm").click();
            assertThat(a.getByTestId("banner")).hasAttribute("data-reason", "destroyed");
            assertThat(storage(a)).doesNotContain("vanish.s.");
          } else {
            a.close();
          }
          other.close();
        }
        List<String> keyFiles = filesHolding(dir, key), tokenFiles = filesHolding(dir, token.get());
        System.out.println("profile after the creator's " + ending + ": key in " + keyFiles + ", token in " + tokenFiles
            + ", room id in " + filesHolding(dir, roomId));
        assertThat(keyFiles).as("files of the creator's profile holding K after " + ending).isEmpty();
        assertThat(tokenFiles).as("files holding the seat's token in plain").isEmpty();

        if (ending.equals("tab close")) {
          // The same person reopens the link in a new tab (a fresh browser start on the same profile): the seat is kept.
          try (Profile again = profile(dir)) {
            Page a = again.ctx().newPage();
            a.navigate(link);
            assertThat(a.getByTestId("preview-held")).isVisible();
            a.getByTestId("join-room").click();
            waitConnected(a);
            assertThat(message(a, "hello from the creator").getByTestId("message-sender")).containsText("YOU");
          }
        }
      } finally {
        delete(dir);
      }
    }
  }

  /** Where a recipient's profile keeps K: only where the first visit of the full link put it (docs/SECURITY.md). */
  // Measured with Debian's Chromium: the visit (History), the page's icon for that address (Favicons), the session's
  // navigation entries for restoring tabs (Sessions/), and the URL-keyed metrics database (ukm_db).
  static final Pattern RECIPIENT_ALLOWED = Pattern.compile(
      "Default/(History|History-journal|Favicons|Favicons-journal|Sessions/(Session|Tabs)_\\d+)|segmentation_platform/ukm_db");

  @Test
  void aRecipientsProfileHoldsTheKeyOnlyWhereTheFirstVisitPutIt() throws Exception {
    for (String ending : List.of("destroy", "tab close")) {
      Path dir = Files.createTempDirectory("vanish-profile");
      try {
        Api.Room room = api.createRoom(600, 2);
        Api.Member creator = api.join(room);
        String key = TestCrypto.b64(room.key());
        AtomicReference<String> token;
        try (Profile recipient = profile(dir)) {
          Page b = recipient.ctx().newPage();
          token = tokenOf(b);
          b.navigate(linkFor(room));
          b.getByTestId("join-room").click();
          waitConnected(b);
          assertThat(b.url()).doesNotContain("#");
          send(b, "read it");
          assertThat(sendAs(creator, 1, "answer")).isEqualTo(201);
          assertThat(message(b, "answer")).isVisible();
          Eventually.until("the seat stored", Duration.ofSeconds(5), Duration.ofMillis(100), () -> storage(b), s -> s.contains("vanish.s."));
          assertThat(storage(b)).doesNotContain(key).doesNotContain(room.roomId()).doesNotContain(token.get());
          if (ending.equals("destroy")) {
            assertThat(api.delete("/api/v1/rooms/" + room.roomId(), creator.token()).status()).isEqualTo(204);
            assertThat(b.getByTestId("banner")).hasAttribute("data-reason", "destroyed");
          } else {
            b.close();
          }
        }
        List<String> keyFiles = filesHolding(dir, key);
        System.out.println("profile after the recipient's " + ending + ": key in " + keyFiles + ", token in "
            + filesHolding(dir, token.get()) + ", room id in " + new TreeSet<>(filesHolding(dir, room.roomId())));
        assertThat(keyFiles).as("the first visit's History entry").contains("Default/History");
        assertThat(keyFiles).as("files holding K after the recipient's " + ending)
            .allMatch(f -> RECIPIENT_ALLOWED.matcher(f).matches());
        assertThat(filesHolding(dir, token.get())).as("files holding the seat's token in plain").isEmpty();
      } finally {
        delete(dir);
      }
    }
  }
}
