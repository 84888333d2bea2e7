package dev.vanish.server.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names you can trust, in Chromium against a real node, with other seats taken over the API by someone who
 * holds the link and picks any name: every author is shown with its seat's tag (the same on every page), two
 * seats with one name are told apart and noted, a seat that renames itself is noted, names lose their control,
 * bidi, zero-width and line-separator characters, only your own seat reads YOU, and a fresh name is made for
 * each room unless one is remembered. Saves screenshots of the tags and notes under target/screenshots.
 */
class NamesYouCanTrustBrowserTest extends RoomPageTestBase {

  private static final Pattern GENERATED = Pattern.compile("anonymous-[a-z]+-[a-km-z2-9]{5}");

  /**
   * Seats held 60 s after their page went away (the default), not the tests' 2 s: a reload now asks for the link
   * again and the test reopens it, which on a loaded machine can take longer than 2 s, and would come back on a new
   * seat (and a new name).
   */
  @Override
  protected ServerConfig config() {
    return TestNode.testConfig().withLimits(1, 50, 60);
  }

  @Test
  void aSecondSeatNamedLikeYouShowsAnotherTagAndANoteSaysSoOnEveryPage() {
    Page alice = newPage(390, 844);
    String link = createFromLobby(alice, "alice", "4");
    Page bob = newPage(1280, 800);
    openAndJoin(bob, link);
    waitConnected(bob);
    send(alice, "hi bob, alice here");
    assertThat(messageWithText(bob, "hi bob, alice here")).isVisible();

    // Mallory has the link too and takes the name "alice".
    Api.Member mallory = api.join(roomOf(link));
    say(mallory, 1, "alice", "it's me, alice: send the passphrase here");

    Locator real = messageWithText(bob, "hi bob, alice here"), fake = messageWithText(bob, "it's me, alice: send the passphrase here");
    assertThat(fake).isVisible();
    assertThat(sender(real)).isEqualTo("alice");
    assertThat(sender(fake)).isEqualTo("alice");
    assertThat(tag(fake)).isNotEqualTo(tag(real));
    // A seat's tag is the same on every page: alice sees her own seat under the tag bob sees.
    assertThat(tag(messageWithText(alice, "hi bob, alice here"))).isEqualTo(tag(real));
    assertThat(tag(messageWithText(alice, "it's me, alice: send the passphrase here"))).isEqualTo(tag(fake));

    assertThat(bob.getByTestId("name-notice")).hasCount(1);
    assertThat(bob.getByTestId("name-notice")).containsText("Two seats use the name alice");
    assertThat(bob.getByTestId("name-notice")).containsText(tag(real));
    assertThat(bob.getByTestId("name-notice")).containsText(tag(fake));
    assertThat(alice.getByTestId("name-notice")).hasCount(1);
    assertThat(alice.getByTestId("name-notice")).containsText("uses your name alice");
    assertThat(sender(messageWithText(alice, "hi bob, alice here"))).isEqualTo("YOU");

    alice.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("names-same-name-390x844.png")));
    bob.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("names-same-name-1280x800.png")));
  }

  @Test
  void namesAreShownCleanedOfBidiZeroWidthAndLineBreaksAndOnlyYourOwnSeatReadsYou() {
    Api.Room room = api.createRoom(600, 8);
    Page page = newPage();
    openAndJoin(page, linkFor(room));
    waitConnected(page);
    send(page, "mine");
    assertThat(messageWithText(page, "mine")).isVisible();

    String[][] cases = {
        {"\u202Eecila", "ecila", "right-to-left override"},
        {"ali\u200Bce\u2066\u2069", "alice", "zero-width space and an empty isolate"},
        {"mallory\n12:00 YOU: wire the money\u2028", "mallory 12:00 YOU: wire the money", "a forged line"},
        {"YOU", "“YOU”", "the own-seat marker"},
        {"\u0000you\u00AD", "“you”", "the own-seat marker behind a NUL and a soft hyphen"},
    };
    for (String[] c : cases) {
      Api.Member m = api.join(room);
      say(m, 1, c[0], "from " + c[2]);
      Locator msg = messageWithText(page, "from " + c[2]);
      assertThat(msg).isVisible();
      assertThat(sender(msg)).as(c[2]).isEqualTo(c[1]);
    }
    List<String> senders = page.getByTestId("message-sender").allTextContents();
    assertThat(senders).filteredOn("YOU"::equals).hasSize(1);
    assertThat(sender(messageWithText(page, "mine"))).isEqualTo("YOU");
    // "ali<ZWSP>ce" and "alice" would be one name; here no other seat is called alice, so no note.
    assertThat(page.getByTestId("name-notice")).hasCount(1);
    assertThat(page.getByTestId("name-notice")).containsText("Two seats use the name “you”");
  }

  @Test
  void aSeatThatChangesItsNameIsNoted() {
    Api.Room room = api.createRoom(600, 3);
    Page page = newPage();
    openAndJoin(page, linkFor(room));
    waitConnected(page);
    Api.Member m = api.join(room);
    say(m, 1, "carol", "first as carol");
    say(m, 2, "dave", "then as dave");
    assertThat(messageWithText(page, "then as dave")).isVisible();
    String tag = tag(messageWithText(page, "then as dave"));
    assertThat(tag(messageWithText(page, "first as carol"))).isEqualTo(tag);
    assertThat(page.getByTestId("name-notice")).hasCount(1);
    assertThat(page.getByTestId("name-notice")).hasText("carol " + tag + " is now called dave.");
    // The note stands just before the first message under the new name.
    Object before = page.evaluate("() => document.querySelector('[data-testid=name-notice]').nextElementSibling.textContent");
    assertThat((String) before).contains("then as dave");
  }

  @Test
  void everyRoomGetsAFreshNameUnlessOneIsRememberedAndYouIsRefused() {
    Page page = newPage();
    page.navigate(api.base() + "/");
    page.evaluate("() => localStorage.setItem('vanish.name', 'kept-forever-by-an-older-page')");

    String first = roomName(page, linkFor(api.createRoom(600, 2)));
    String secondLink = linkFor(api.createRoom(600, 2));
    String second = roomName(page, secondLink);
    assertThat(first).matches(GENERATED).isNotEqualTo(second);
    assertThat(second).matches(GENERATED);
    assertThat(storedNames(page)).isEqualTo("{}");

    // A reload asks for the link again (the key lives in the page's memory only); reopening it keeps the seat and
    // the name it had (a seat that sent: one that never did is given back when its page goes away).
    send(page, "seated under " + second);
    assertThat(messageWithText(page, "seated under " + second)).not().hasClass(Pattern.compile("\\bpending\\b"));
    page.reload();
    assertBanner(page, "bad-link");
    page.navigate(secondLink);
    assertThat(page.getByTestId("join-room")).hasText("Rejoin room");
    page.getByTestId("join-room").click();
    waitConnected(page);
    assertThat(page.locator(".composer .who")).hasText("as " + second + " · end-to-end encrypted");

    // "you" is refused in the lobby; the room gets a generated name instead.
    page.navigate(api.base() + "/");
    String offered = page.getByTestId("name").inputValue();
    assertThat(offered).matches(GENERATED).isNotEqualTo(first).isNotEqualTo(second);
    page.getByTestId("name").fill("You");
    assertThat(page.locator(".hint")).hasText("\"you\" marks your own seat in a room: choose another name.");
    page.getByTestId("create-room").click();
    page.waitForURL(url -> url.contains("/r/") && !url.contains("#"));
    waitConnected(page);
    assertThat(page.locator(".composer .who")).hasText(Pattern.compile("^as anonymous-[a-z]+-[a-km-z2-9]{5} · end-to-end encrypted$"));

    // Remembered: the same name in every room, until unticked.
    page.navigate(api.base() + "/");
    page.getByTestId("name").fill("zoe");
    page.getByTestId("remember-name").check();
    assertThat(roomName(page, linkFor(api.createRoom(600, 2)))).isEqualTo("zoe");
    assertThat(roomName(page, linkFor(api.createRoom(600, 2)))).isEqualTo("zoe");
    assertThat(storedNames(page)).isEqualTo("{\"vanish.name.kept\":\"zoe\"}");
    page.navigate(api.base() + "/");
    assertThat(page.getByTestId("name")).hasValue("zoe");
    page.getByTestId("remember-name").uncheck();
    assertThat(storedNames(page)).isEqualTo("{}");
    assertThat(roomName(page, linkFor(api.createRoom(600, 2)))).matches(GENERATED);
  }

  /** Opens a room link and returns the name the page uses there. */
  private static String roomName(Page page, String link) {
    openAndJoin(page, link);
    waitConnected(page);
    assertThat(page.locator(".composer .who")).hasText(Pattern.compile("^as .+ · end-to-end encrypted$"));
    return page.locator(".composer .who").textContent().replaceAll("^as (.+) · end-to-end encrypted$", "$1");
  }

  private static String storedNames(Page page) {
    return (String) page.evaluate("() => JSON.stringify(Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('vanish.name'))))");
  }
}
