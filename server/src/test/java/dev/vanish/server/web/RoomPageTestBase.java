package dev.vanish.server.web;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser tests of the room page's people features share, on top of BrowserTestBase (one Chromium per
 * class, a context per page, every console error, CSP, Trusted Types or Permissions-Policy complaint failing the
 * test that caused it, links from "Copy link", recipients joining with openAndJoin): seats taken over the API that
 * say what an attacker would (any name, any text); and a real loss of focus (Chromium's focus emulation off, another window brought to the front).
 */
abstract class RoomPageTestBase extends BrowserTestBase {

  /** Creates a room from the lobby under this name (the default ten minutes) and returns the full link from "Copy link". */
  protected String createFromLobby(Page page, String name, String capacity) {
    return createFromLobby(page, name, "600", capacity);
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
