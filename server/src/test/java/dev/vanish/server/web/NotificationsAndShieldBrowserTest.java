package dev.vanish.server.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications and the privacy shield, in Chromium against a real node, with the window really losing the focus
 * (RoomPageTestBase.sendToBackground; headless Chromium never reports a page hidden, so "away" is tested as an
 * unfocused window, which the page treats like a hidden one). Each notification the page makes is recorded by
 * a subclass of the browser's own Notification that passes everything on to it.
 */
class NotificationsAndShieldBrowserTest extends RoomPageTestBase {

  /** Records each `new Notification(title, options)` of the page, then makes the real one. */
  private static final String RECORD_NOTIFICATIONS = "(() => { const Real = window.Notification; window.__shown = [];"
      + " window.Notification = class extends Real { constructor(title, options) { super(title, options);"
      + " window.__shown.push(JSON.stringify({ title, options })); } }; })()";

  @Test
  void aMessageWhileTheWindowIsInTheBackgroundFiresExactlyOneNotificationWithoutItsText() {
    Page alice = newPage(1280, 800, "notifications");
    alice.addInitScript(RECORD_NOTIFICATIONS);
    String link = createFromLobby(alice, "alice", "2");
    Page bob = newPage();
    openAndJoin(bob, link);
    waitConnected(bob);

    assertThat(alice.getByTestId("notify-toggle")).hasText("notify: off");
    alice.getByTestId("notify-toggle").click();
    assertThat(alice.getByTestId("notify-toggle")).hasText("notify: on");
    assertThat(alice.getByTestId("notify-toggle")).hasAttribute("aria-pressed", "true");

    send(bob, "while you look: no notification");
    assertThat(messageWithText(alice, "while you look: no notification")).isVisible();

    sendToBackground(alice);
    send(bob, "the secret plan is at noon");
    alice.waitForFunction("() => document.title === '(1) Vanish · room'");
    alice.waitForTimeout(1000); // a second notification, if the page made one, would be recorded by now
    @SuppressWarnings("unchecked")
    List<String> shown = (List<String>) alice.evaluate("() => window.__shown");
    assertThat(shown).containsExactly("{\"title\":\"New message in your Vanish room\",\"options\":{\"tag\":\"vanish-room\",\"silent\":true}}");
    assertThat(String.join("", shown)).doesNotContain("secret").doesNotContain("bob").doesNotContain("alice");
    // The option is remembered on this device, and nothing else.
    assertThat((String) alice.evaluate("() => localStorage.getItem('vanish.notify')")).isEqualTo("on");
  }

  @Test
  void withNotificationsOffNothingIsShown() {
    Page alice = newPage(1280, 800, "notifications");
    alice.addInitScript(RECORD_NOTIFICATIONS);
    String link = createFromLobby(alice, "alice", "2");
    Page bob = newPage();
    openAndJoin(bob, link);
    waitConnected(bob);
    sendToBackground(alice);
    send(bob, "nobody is told");
    alice.waitForFunction("() => document.title === '(1) Vanish · room'");
    alice.waitForTimeout(500);
    assertThat((List<?>) alice.evaluate("() => window.__shown")).isEmpty();
  }

  @Test
  void theShieldBlursTheMessagesWhileTheWindowIsInTheBackground() {
    for (int[] size : new int[][] {{390, 844}, {1280, 800}}) {
      Page alice = newPage(size[0], size[1]);
      String link = createFromLobby(alice, "alice", "2");
      Page bob = newPage();
      openAndJoin(bob, link);
      waitConnected(bob);
      send(bob, "this should not be read over your shoulder");
      assertThat(messageWithText(alice, "this should not be read over your shoulder")).isVisible();
      alice.getByTestId("message-input").fill("a draft");

      alice.getByTestId("shield-toggle").click();
      assertThat(alice.getByTestId("shield-toggle")).hasText("shield: on");
      assertThat(alice.locator(".log .inner")).hasCSS("filter", "none");

      Page other = sendToBackground(alice);
      assertThat(alice.locator(".log .inner")).hasCSS("filter", "blur(9px)");
      assertThat(alice.getByTestId("message-input")).hasCSS("filter", "blur(9px)");
      alice.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("shield-" + size[0] + "x" + size[1] + ".png")));

      other.close();
      alice.bringToFront();
      alice.waitForFunction("() => document.hasFocus()");
      assertThat(alice.locator(".log .inner")).hasCSS("filter", "none");
      bob.context().close();
      alice.context().close();
    }
  }
}
