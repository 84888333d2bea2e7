// Protocol v2's new states in the page (memory engine): a passphrase room made in the lobby, whose link alone
// gets a passphrase prompt and nothing to read; a wrong passphrase says how many attempts remain, the right one
// opens the room, the last wrong one destroys it for every page; a reloaded page asks for the link again, and the
// link reopened asks for the passphrase again at no cost. And the
// safety code in the header: the same for every member of a room, the one the spec computes from the link (and
// passphrase), another for another room, and none shown while the room is still locked. Screenshots of the
// prompt, a wrong passphrase and the open safety panel at phone and desktop size.
package dev.vanish.server.web;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class PassphraseAndSafetyCodePageTest extends BrowserTestBase {

  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String WRONG = "correct horse battery stapler";
  /** PBKDF2 (600,000 rounds) runs in the page before these: generous on a loaded two-core machine. */
  private static final LocatorAssertions.IsVisibleOptions SLOW = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

  /**
   * Seats held 60 s after their socket closed (the default), not the tests' 2 s: a reloaded page spends two
   * PBKDF2 runs at the prompt, longer than 2 s on a loaded machine, and would come back on a new seat.
   */
  @Override
  protected ServerConfig config() {
    return TestNode.testConfig().withLimits(1, 50, 60);
  }

  private static String roomIdOf(String link) {
    return link.replaceAll(".*/r/([^#]+)#.*", "$1");
  }

  private static byte[] keyOf(String link) {
    return TestCrypto.unb64(link.replaceAll(".*#", ""));
  }

  /** The safety code as docs/PROTOCOL.md §1 defines it, computed here from the link (and P), not by the page. */
  private static String safetyCode(String link, byte[] p) {
    String roomId = roomIdOf(link);
    ByteBuffer h = ByteBuffer.wrap(TestCrypto.hkdf(TestCrypto.root(keyOf(link), p), "vanish/v2/safety/" + roomId));
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 5; i++) groups.add(String.format("%04d", Integer.toUnsignedLong(h.getInt(4 * i)) % 10000));
    return String.join(" ", groups);
  }

  /** A passphrase room created from the lobby like a visitor: the creator is let in without being asked. */
  private String createWithPassphrase(Page page, String name, String attempts, String capacity) {
    page.navigate(api.base() + "/");
    byTestId(page, "name").fill(name);
    byTestId(page, "capacity").selectOption(capacity);
    byTestId(page, "protect").check();
    byTestId(page, "passphrase").fill(PASSPHRASE);
    byTestId(page, "attempts").selectOption(attempts);
    byTestId(page, "create-room").click();
    // The creator's address bar never holds the key: the link comes from "Copy link".
    page.waitForURL(url -> url.contains("/r/") && !url.contains("#"));
    assertThat(byTestId(page, "message-input")).isVisible(SLOW);
    waitConnected(page);
    assertThat(byTestId(page, "passphrase-prompt")).isHidden();
    return linkOf(page);
  }

  private static void enter(Page page, String passphrase) {
    byTestId(page, "passphrase-input").fill(passphrase);
    byTestId(page, "unlock").click();
  }

  private static void waitStored(Page page, String text) {
    assertThat(messageWithText(page, text)).not().hasClass(Pattern.compile("\\bpending\\b"));
  }

  private static void shoot(Page page, String name) {
    page.setViewportSize(390, 844);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-390x844.png")));
    page.setViewportSize(1280, 800);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-1280x800.png")));
  }

  private static String openSafetyCode(Page page) {
    byTestId(page, "safety").click();
    assertThat(byTestId(page, "safety")).hasAttribute("aria-expanded", "true");
    assertThat(byTestId(page, "safety-code")).isVisible();
    return byTestId(page, "safety-code").textContent();
  }

  @Test
  void theLinkAloneGetsAPassphrasePromptAWrongPassphraseSaysWhatIsLeftAndTheRightOneOpensTheRoom() {
    Page alice = newPage();
    String link = createWithPassphrase(alice, "alice", "3", "2");
    String secret = "the key is under the mat";
    send(alice, secret);
    waitStored(alice, secret);

    Page bob = newPage(390, 844);
    // The join screen comes first and says a passphrase is needed; Join room then shows the prompt.
    bob.navigate(link);
    assertThat(byTestId(bob, "preview-passphrase")).isVisible();
    assertThat(byTestId(bob, "passphrase-prompt")).isHidden();
    byTestId(bob, "join-room").click();
    assertThat(byTestId(bob, "passphrase-prompt")).isVisible();
    assertThat(byTestId(bob, "passphrase-prompt")).containsText("This room is protected by a passphrase");
    assertThat(byTestId(bob, "attempts-left")).hasText("3 attempts left. After that the room is destroyed for everyone.");
    assertThat(byTestId(bob, "unlock-status")).isHidden();
    // Nothing to read or write, and no safety code: the link alone derives keys that are not this room's.
    assertThat(byTestId(bob, "message-input")).isHidden();
    assertThat(byTestId(bob, "message")).hasCount(0);
    assertThat(byTestId(bob, "safety")).isHidden();
    // No seat yet, so nothing to destroy with: the button would do nothing.
    assertThat(byTestId(bob, "destroy")).isHidden();
    assertThat(bob.content()).doesNotContain(secret);
    shoot(bob, "room-passphrase-prompt");

    enter(bob, WRONG);
    assertThat(byTestId(bob, "unlock-status")).hasText("Wrong passphrase: 2 attempts left.", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    assertThat(byTestId(bob, "attempts-left")).hasText("2 attempts left. After that the room is destroyed for everyone.");
    assertThat(byTestId(bob, "passphrase-prompt")).hasAttribute("data-attempts-left", "2");
    assertThat(byTestId(bob, "passphrase-input")).isEditable();
    assertThat(byTestId(bob, "passphrase-input")).isEmpty();
    assertThat(byTestId(bob, "message")).hasCount(0);
    assertThat(byTestId(bob, "safety")).isHidden();
    shoot(bob, "room-wrong-passphrase");

    enter(bob, PASSPHRASE);
    assertThat(messageWithText(bob, secret)).isVisible(SLOW);
    assertThat(messageWithText(bob, secret).getByTestId("message-sender")).hasText("alice");
    assertThat(byTestId(bob, "passphrase-prompt")).isHidden();
    waitConnected(bob);
    assertThat(byTestId(bob, "destroy")).isVisible();
    send(bob, "found it");
    assertThat(messageWithText(alice, "found it")).isVisible();

    // Same link and passphrase, same code; the link without the passphrase would give another.
    String expected = safetyCode(link, TestCrypto.passphraseP(PASSPHRASE, roomIdOf(link)));
    assertThat(openSafetyCode(alice)).isEqualTo(expected);
    assertThat(openSafetyCode(bob)).isEqualTo(expected).isNotEqualTo(safetyCode(link, null));
  }

  @Test
  void theLastWrongPassphraseDestroysTheRoomAndSendsEveryPageToTheLobby() {
    Page alice = newPage();
    String link = createWithPassphrase(alice, "alice", "3", "2");
    send(alice, "doomed");
    waitStored(alice, "doomed");

    Page mallory = newPage();
    openAndJoin(mallory, link);
    assertThat(byTestId(mallory, "attempts-left")).hasText(Pattern.compile("^3 attempts left\\."));
    enter(mallory, "guess one");
    assertThat(byTestId(mallory, "unlock-status")).hasText("Wrong passphrase: 2 attempts left.", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    enter(mallory, "guess two");
    assertThat(byTestId(mallory, "unlock-status")).hasText("Wrong passphrase: 1 attempt left.", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    assertThat(byTestId(mallory, "attempts-left")).hasText("1 attempt left. After that the room is destroyed for everyone.");
    assertThat(messageWithText(alice, "doomed")).isVisible();
    enter(mallory, "guess three");

    // The guesser is told the room is gone (not why); the member sees it destroyed, like a destroy button press.
    assertThat(byTestId(mallory, "banner")).isVisible(SLOW);
    assertBanner(mallory, "not-found");
    assertBanner(alice, "destroyed");
    String key = link.replaceAll(".*#", "");
    for (Page p : List.of(alice, mallory)) {
      assertThat(byTestId(p, "create-room")).isVisible();
      assertThat(p.url()).doesNotContain(key);
      String storage = (String) p.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
      assertThat(storage).doesNotContain(roomIdOf(link));
    }
    // Gone for good: even the right passphrase finds no room now.
    Page late = newPage();
    late.navigate(link);
    assertBanner(late, "not-found");
  }

  @Test
  void aReloadedPageOfAPassphraseRoomAsksForTheLinkAndThenThePassphraseAndTheRightOneRejoinsTheSameSeat() {
    Page alice = newPage();
    String link = createWithPassphrase(alice, "alice", "5", "3");
    send(alice, "still secret");
    waitStored(alice, "still secret");

    // A reload asks for the full link again (the key lives in the page's memory only). Reopened in the same browser,
    // the link cannot find this browser's seat before the passphrase (the seat is stored under keys that need it:
    // docs/SECURITY.md), so the prompt is the ordinary one and a wrong entry is a counted attempt, like anyone's.
    alice.reload();
    assertBanner(alice, "bad-link");
    alice.navigate(link);
    assertThat(byTestId(alice, "preview-passphrase")).isVisible();
    byTestId(alice, "join-room").click();
    assertThat(byTestId(alice, "passphrase-prompt")).isVisible();
    assertThat(byTestId(alice, "attempts-left")).hasText(Pattern.compile("^5 attempts left\\."));
    assertThat(byTestId(alice, "message")).hasCount(0);
    enter(alice, WRONG);
    assertThat(byTestId(alice, "unlock-status")).hasText("Wrong passphrase: 4 attempts left.",
        new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    assertThat(byTestId(alice, "safety")).isHidden();
    enter(alice, PASSPHRASE);
    assertThat(messageWithText(alice, "still secret")).isVisible(SLOW);
    waitConnected(alice);
    // The same seat as before the reload: its own message reads YOU.
    assertThat(messageWithText(alice, "still secret").getByTestId("message-sender")).hasText("YOU");

    // The wrong entry was counted for the room: a newcomer has four left.
    Page bob = newPage();
    openAndJoin(bob, link);
    assertThat(byTestId(bob, "attempts-left")).hasText(Pattern.compile("^4 attempts left\\."));
  }

  @Test
  void bothMembersSeeTheSameSafetyCodeAndAnotherRoomShowsAnotherOne() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    assertThat(byTestId(alice, "safety-code")).isHidden();
    String atAlice = openSafetyCode(alice), atBob = openSafetyCode(bob);
    assertThat(atAlice).matches("\\d{4}( \\d{4}){4}").isEqualTo(atBob).isEqualTo(safetyCode(chat.link(), null));
    assertThat(bob.getByRole(com.microsoft.playwright.options.AriaRole.REGION,
        new Page.GetByRoleOptions().setName("Safety code"))).containsText("Read it to each other by voice.");
    shoot(bob, "room-safety-code");
    byTestId(bob, "safety").click();
    assertThat(byTestId(bob, "safety-code")).isHidden();
    assertThat(byTestId(bob, "safety")).hasAttribute("aria-expanded", "false");

    Page carol = newPage();
    String other = createFromLobby(carol, "carol");
    assertThat(openSafetyCode(carol)).matches("\\d{4}( \\d{4}){4}").isEqualTo(safetyCode(other, null)).isNotEqualTo(atAlice);
  }
}
