package dev.vanish.client.interop;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.OutgoingFile;
import dev.vanish.client.PhotoDetails;
import dev.vanish.client.VanishException;
import dev.vanish.client.crypto.FileCrypto;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.FileApi;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client and the web page in the same room, on a real node: the same bytes on the wire, so what one
 * encrypts the other decrypts, both ways, whichever created the room; a wrong key is refused, never garbage.
 * Files too (docs/PROTOCOL.md §8): 5 MiB of random bytes each way arrive byte-identical, and a PNG from the Java
 * client shows inline in the page, stripped of its details by the same rules as the page's (the same bytes out of
 * both for a JPEG with Exif and a PNG with text). No page logs an error.
 */
class BrowserInteropTest extends ClientTestBase {

  private Browsers.Session browsers;
  /** Console errors and page errors of every page, checked after each test (as the page's own tests do). */
  private final List<String> consoleProblems = new CopyOnWriteArrayList<>();

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
    Page page = ctx.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) consoleProblems.add(m.text());
    });
    page.onPageError(e -> consoleProblems.add("page error: " + e));
    return page;
  }

  @AfterEach
  void noConsoleErrors() {
    List<String> problems = List.copyOf(consoleProblems);
    consoleProblems.clear();
    assertThat(problems).as("console errors").isEmpty();
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
  void filesCrossBothWaysByteIdenticalAndAnImageFromJavaShowsInline() throws Exception {
    Link link = vanish.create(api.base(), 600, 2);
    try (BlockingRoom room = vanish.join(link, "java-jo")) {
      Page page = page();
      page.navigate(link.format());
      page.getByTestId("join-room").click();
      waitConnected(page);

      // page -> Java: picked, waiting in the tray, sent; the Java client downloads and checks it.
      byte[] fromPage = FileApi.random(5 << 20, 41);
      page.getByTestId("attach-input").setInputFiles(new FilePayload("from chromium.bin", "application/octet-stream", fromPage));
      assertThat(page.getByTestId("staged-file")).hasCount(1);
      page.getByTestId("message-input").fill("five MiB from the page");
      page.getByTestId("message-input").press("Enter"); // with a file waiting, the text is its caption
      IncomingFile got = room.nextFile(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no file reached the Java client"));
      assertThat(got.name()).isEqualTo("from chromium.bin");
      assertThat(got.kind()).isEqualTo("file");
      assertThat(got.message().text()).isEqualTo("five MiB from the page");
      assertThat(got.size()).isEqualTo(fromPage.length);
      assertThat(FileCrypto.sha256Hex(room.download(got))).isEqualTo(FileCrypto.sha256Hex(fromPage));

      // Java -> page: the page's download button saves the same bytes.
      byte[] fromJava = FileApi.random(5 << 20, 42);
      room.sendFile(OutgoingFile.of(fromJava, "from java.bin", null).withCaption("five MiB from Java"), null);
      Locator card = messageWithText(page, "five MiB from Java").getByTestId("attachment");
      assertThat(card).hasAttribute("data-kind", "file");
      assertThat(card).containsText("from java.bin");
      Download d = page.waitForDownload(() -> card.getByTestId("attachment-download").click());
      assertThat(FileCrypto.sha256Hex(readAll(d))).isEqualTo(FileCrypto.sha256Hex(fromJava));

      // An image from Java shows inline: decoded by Chromium, not just a broken <img>.
      room.sendFile(OutgoingFile.of(TestImages.png(240, 160), "harbour.png", null).withCaption("a picture"), null);
      Locator image = messageWithText(page, "a picture").getByTestId("attachment");
      assertThat(image).hasAttribute("data-kind", "image");
      assertThat(image).hasAttribute("data-state", "ready");
      Locator img = image.locator("img");
      assertThat(img).isVisible();
      page.waitForCondition(() -> ((Number) img.evaluate("i => i.complete ? i.naturalWidth : 0")).intValue() == 240);
      assertThat(image.getByTestId("photo-details")).hasText("details removed"); // the Java client stripped it

      // The same rules: the page's stripMetadata and PhotoDetails make the same bytes of a photo with details.
      for (var photo : List.of(new String[] {"image/jpeg", TestCrypto.b64(TestImages.withExif(TestImages.jpeg(96, 64)))},
          new String[] {"image/png", TestCrypto.b64(TestImages.withPngText(TestImages.png(96, 64)))})) {
        Object byPage = page.evaluate("async ([type, b64]) => { const { stripMetadata } = await import('/assets/files.js');"
            + " const { b64url, unb64url } = await import('/assets/crypto.js'); return b64url(stripMetadata(type, unb64url(b64))); }",
            List.of(photo[0], photo[1]));
        assertThat(TestCrypto.unb64((String) byPage)).as(photo[0])
            .isEqualTo(PhotoDetails.strip(photo[0], TestCrypto.unb64(photo[1])));
      }
      page.context().close();
    }
  }

  private static byte[] readAll(Download d) {
    try {
      return Files.readAllBytes(d.path());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
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
