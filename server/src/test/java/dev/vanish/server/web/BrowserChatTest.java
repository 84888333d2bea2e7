package dev.vanish.server.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real Chromium against a real node: two people chat both ways, a third finds the room full,
 * destroy and expiry send every page back to the lobby, a reload asks for the link again and reopening it keeps the
 * seat, markup stays text, a wrong key is caught. Saves screenshots of the lobby and a room at phone and desktop sizes under target/screenshots.
 */
public class BrowserChatTest extends BrowserTestBase {

  @Test
  void twoPeopleChatBothWaysAndAThirdFindsTheRoomFull() {
    Page alice = newPage(390, 844);
    alice.navigate(api.base() + "/");
    assertThat(byTestId(alice, "create-room")).isVisible();
    alice.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("lobby-390x844.png")));
    Page wide = newPage(1280, 800);
    wide.navigate(api.base() + "/");
    assertThat(byTestId(wide, "create-room")).isVisible();
    wide.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("lobby-1280x800.png")));

    String link = createFromLobby(alice, "alice-fox");
    Page bob = newPage(1280, 800);
    openAndJoin(bob, link);
    waitConnected(bob);
    assertThat(byTestId(alice, "members")).containsText("2");

    send(alice, "hello bob, this is end-to-end encrypted");
    Locator atBob = messageWithText(bob, "hello bob, this is end-to-end encrypted");
    assertThat(atBob).isVisible();
    assertThat(atBob.getByTestId("message-sender")).hasText("alice-fox");
    assertThat(messageWithText(alice, "hello bob, this is end-to-end encrypted").getByTestId("message-sender")).containsText("YOU");

    send(bob, "hi alice! a long word: " + "supercalifragilistic".repeat(6) + " and https://example.org/" + "x".repeat(120));
    assertThat(byTestId(alice, "message")).hasCount(2);
    send(alice, "multi\nline");
    assertThat(byTestId(bob, "message")).hasCount(3);

    // A third visitor with the full link finds both seats taken.
    Page carol = newPage();
    openAndJoin(carol, link);
    assertBanner(carol, "full");

    // Nothing overflows a phone screen.
    Object overflow = alice.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
    alice.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("room-390x844.png")));
    bob.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("room-1280x800.png")));
  }

  @Test
  void destroyFromOneSendsEveryPageToTheLobby() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    String link = chat.link();
    send(bob, "about to vanish");
    assertThat(messageWithText(alice, "about to vanish")).isVisible();
    byTestId(alice, "destroy").click();
    byTestId(alice, "destroy-confirm").click();
    assertBanner(alice, "destroyed");
    assertBanner(bob, "destroyed");
    assertThat(byTestId(bob, "banner")).containsText("permanently deleted");
    String roomId = link.replaceAll(".*/r/([^#]+)#.*", "$1");
    String key = link.replaceAll(".*#", "");
    for (Page p : List.of(alice, bob)) {
      assertThat(p.url()).doesNotContain(key);
      String storage = (String) p.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
      assertThat(storage).doesNotContain(key).doesNotContain(roomId);
    }
  }

  @Test
  void roomsExpireInEveryPage() {
    // Ten seconds, not less: the second page must see the join screen and be seated before the room ends even on a
    // loaded machine (a page that arrives after the end rightly shows not-found instead).
    Page a = newPage();
    String link = createFromLobby(a, "short-lived", "10", "2");
    long created = System.currentTimeMillis(); // the room is at most this old: it was made before its link was copied
    Page b = newPage();
    openAndJoin(b, link);
    waitConnected(b);
    assertThat(byTestId(a, "countdown")).isVisible();
    for (Page p : List.of(a, b)) {
      assertThat(byTestId(p, "banner")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
      assertThat(byTestId(p, "banner")).hasAttribute("data-reason", "expired");
    }
    // Both pages show the end promptly (the bound is generous: CI machines are shared and noisy).
    assertThat(System.currentTimeMillis() - created).isLessThan(10_000 + 5_000);
  }

  @Test
  void copyLinkCopiesTheFullLinkWithItsKey() {
    Page a = newPage();
    String link = createFromLobby(a, "copier", "3600", "5");
    assertThat(byTestId(a, "members")).containsText("5");
    byTestId(a, "copy-link").click();
    assertThat(byTestId(a, "copy-link")).hasText(java.util.regex.Pattern.compile("copied", java.util.regex.Pattern.CASE_INSENSITIVE));
    assertThat((String) a.evaluate("() => navigator.clipboard.readText()")).isEqualTo(link);
    assertThat(link).matches(".*/r/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}");
  }

  /**
   * The key lives in the page's memory only, so a reload shows the "open the full link again" screen; opening the
   * link again in the same browser finds the seat this browser keeps (encrypted) and rejoins on it.
   */
  @Test
  void aReloadAsksForTheLinkAgainAndReopeningItKeepsTheSeat() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    String link = chat.link();
    send(alice, "before reload");
    assertThat(messageWithText(bob, "before reload")).isVisible();
    send(bob, "bob was here");
    assertThat(messageWithText(alice, "bob was here")).isVisible();
    bob.reload();
    assertBanner(bob, "bad-link");
    assertThat(bob.getByText("after a reload, or in a new tab, open the full link again", new Page.GetByTextOptions().setExact(false))).isVisible();
    bob.navigate(link); // opening the link again in the same browser
    assertThat(byTestId(bob, "preview-held")).isVisible();
    assertThat(byTestId(bob, "join-room")).hasText("Rejoin room");
    byTestId(bob, "join-room").click();
    waitConnected(bob);
    assertThat(messageWithText(bob, "before reload")).hasCount(1);
    // The same seat: what bob sent before is still his own.
    assertThat(messageWithText(bob, "bob was here").getByTestId("message-sender")).containsText("YOU");
    send(bob, "still here");
    assertThat(messageWithText(alice, "still here")).isVisible();
    Page carol = newPage();
    openAndJoin(carol, link);
    assertBanner(carol, "full");
  }

  @Test
  void markupIsShownAsTextAndRunsNothing() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    String evil = "<img src=x onerror=alert(1)>";
    send(alice, evil);
    assertThat(messageWithText(bob, evil)).isVisible();
    assertThat(bob.locator("[data-testid=message] img")).hasCount(0);
    bob.waitForTimeout(300); // an onerror would have fired by now; onDialog records it
  }

  @Test
  void aWrongKeyReadsLikeAMissingRoomAndAMissingKeyShowsTheIncompleteLinkScreen() {
    Api.Room room = api.createRoom(60, 2);
    Page p = newPage();
    p.navigate(api.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(TestCrypto.newRoomKey()));
    // The server answers a wrong key like a missing room (it does not tell which), so the lobby names both.
    assertBanner(p, "not-found");
    assertThat(byTestId(p, "banner")).containsText("does not exist or the link is wrong");
    assertThat(byTestId(p, "create-room")).isVisible();
    Page q = newPage();
    q.navigate(api.base() + "/r/" + room.roomId());
    assertBanner(q, "bad-link");
    // Neither took a seat: two real members still fit.
    api.join(room);
    api.join(room);
  }

  /** ?gone= used to index a plain object, so "constructor" found Object.prototype's and the page stayed blank. */
  @Test
  void theLobbyShowsForAGoneReasonThatIsNoBanner() {
    Page p = newPage(390, 844);
    for (String gone : List.of("constructor", "__proto__", "toString", "hasOwnProperty", "nonsense")) {
      p.navigate(api.base() + "/?gone=" + gone);
      assertThat(byTestId(p, "create-room")).isVisible();
      assertThat(byTestId(p, "banner")).hasCount(0);
    }
  }

  /**
   * An escape that is no UTF-8 in /r/… (the server serves the page for it) made decodeURIComponent throw before
   * anything rendered: a blank page. (A bare `%`, e.g. /r/%, never reaches the page: Vert.x answers 400.)
   */
  @Test
  void aMalformedEscapeInARoomLinkShowsTheLobby() {
    Page p = newPage();
    for (String path : List.of("/r/%FF", "/r/abc%C3%28", "/r/%ED%A0%80", "/r/%", "/r/abc%2")) {
      p.navigate(api.base() + path + "#" + TestCrypto.b64(TestCrypto.newRoomKey()));
      assertThat(byTestId(p, "create-room")).isVisible();
      assertBanner(p, "not-found");
      assertThat(p.url()).as("the key left the address bar").doesNotContain("#");
    }
  }

  /** The CSP requires Trusted Types with no policy: in Chromium, a string can reach no HTML sink of the page. */
  @Test
  void trustedTypesAreEnforcedSoNoStringReachesAnHtmlSink() {
    Page p = newPage();
    p.navigate(api.base() + "/");
    assertThat(byTestId(p, "create-room")).isVisible();
    Object result = p.evaluate("() => {"
        + " const out = [];"
        + " try { document.createElement('div').innerHTML = '<img src=x>'; out.push('innerHTML assigned'); } catch (e) { out.push(e.name); }"
        + " try { trustedTypes.createPolicy('p', { createHTML: s => s }); out.push('policy created'); } catch (e) { out.push(e.name); }"
        + " return out.join(' '); }");
    assertThat(result).isEqualTo("TypeError TypeError");
    // Those two refusals are logged as errors by Chromium, on purpose here; nothing else may be.
    consoleProblems.removeIf(m -> m.contains("TrustedHTML") || m.contains("Trusted Type") || m.contains("trusted-types"));
  }

  @Test
  void aRoomThatIsGoneShowsNotFound() {
    Page p = newPage();
    p.navigate(api.base() + "/r/AAAAAAAAAAAAAAAAAAAAAA#" + TestCrypto.b64(TestCrypto.newRoomKey()));
    assertBanner(p, "not-found");
  }

  @Test
  void fetchingARoomLinkWithoutTheScriptTakesNoSeat() {
    Api.Room room = api.createRoom(60, 2);
    Api.Reply shell = api.get("/r/" + room.roomId());
    assertThat(shell.status()).isEqualTo(200);
    assertThat(shell.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(shell.header("Referrer-Policy")).isEqualTo("no-referrer");
    api.join(room);
    api.join(room);
  }

  /** Every row of the v2 test vector (docs/PROTOCOL.md §1, computed with Python `cryptography`), reproduced by crypto.js. */
  @Test
  void everyRowOfTheV2TestVectorHoldsInChromiumWithoutAndWithAPassphrase() {
    Page p = newPage();
    p.navigate(api.base() + "/");
    Object result = p.evaluate("async () => {"
        + " const c = await import('/assets/crypto.js');"
        + " const k = c.unb64url('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');"
        + " const room = 'VanishTestVectorRoomQA', challenge = 'Y2hhbGxlbmdlLWZvci10aGUtdGVzdC12ZWN0b3I';"
        + " const iv = new Uint8Array([0xa0,0xa1,0xa2,0xa3,0xa4,0xa5,0xa6,0xa7,0xa8,0xa9,0xaa,0xab]);"
        + " const pt = '{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":1,\"name\":\"anonymous-wolf-x7k2p\",\"text\":\"hello, vanish\",\"sentAt\":1700000000000,\"seen\":\"41\"}';"
        + " const out = {};"
        + " const link = await c.linkKey(k);"
        + " out.linkSeed = c.b64url(link.seed); out.publicKey = link.publicKey;"
        + " out.signature = await c.seatSignature(link.privateKey, room, challenge);"
        + " const plain = await c.roomKeys(k, room);"
        + " out.root = c.b64url(plain.root); out.msgKey = c.b64url(plain.msgKeyBytes); out.safetyCode = plain.safetyCode;"
        + " out.body = await c.encryptBody(plain.msgKey, room, pt, iv);"
        + " const back = await c.decryptBody(plain.msgKey, room, out.body); out.back = back.text; out.iv = back.iv;"
        + " out.noPassphraseKey = plain.passphrase === undefined;"
        + " const P = await c.stretch('correct horse battery staple', room);"
        + " const pp = await c.roomKeys(k, room, P);"
        + " out.P = c.b64url(P); out.ppRoot = c.b64url(pp.root); out.passphraseSeed = c.b64url(pp.passphrase.seed);"
        + " out.passphraseKey = pp.passphrase.publicKey;"
        + " out.passphraseSignature = await c.seatSignature(pp.passphrase.privateKey, room, challenge);"
        + " out.ppMsgKey = c.b64url(pp.msgKeyBytes); out.ppSafetyCode = pp.safetyCode;"
        + " out.ppBody = await c.encryptBody(pp.msgKey, room, pt, iv);"
        + " out.ppBack = (await c.decryptBody(pp.msgKey, room, out.ppBody)).text;"
        + " out.crossOpens = await c.decryptBody(plain.msgKey, room, out.ppBody).then(() => true, () => false);"
        + " out.nfc = c.b64url(await c.stretch('caf\\u00e9', room)) === c.b64url(await c.stretch('cafe\\u0301', room));"
        + " return JSON.stringify(out); }");
    io.vertx.core.json.JsonObject v = new io.vertx.core.json.JsonObject((String) result);
    String pt = "{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":1,\"name\":\"anonymous-wolf-x7k2p\",\"text\":\"hello, vanish\","
        + "\"sentAt\":1700000000000,\"seen\":\"41\"}";
    assertThat(v.getString("linkSeed")).isEqualTo("3a8JNzEygweecDpAI91qA8NBKQ9kfJG743Dam7B-ZRQ");
    assertThat(v.getString("publicKey")).isEqualTo("QlD0MnYYCqzZ-lvNklU4U4xrgAzxY283TAXLDb_VCSw");
    assertThat(v.getString("signature"))
        .isEqualTo("QH65cfH452ZIRZn12w5b36p4zX8zvxDUSXreDxV5zH7nsiPDOFyYRfTWz_HS-LcBvmti-tzImkEPIr5BmX0OAA");
    // without a passphrase
    assertThat(v.getString("root")).isEqualTo("q19OBWA_5Eg-lzs_IhTYg7QllIbBiVXRm60e7tRLjfM");
    assertThat(v.getString("msgKey")).isEqualTo("b1VA3lglkySx36YsN0d8qKBtVGcGSZPxHCSvst4Sm00");
    assertThat(v.getString("safetyCode")).isEqualTo("0565 5238 4345 2754 1743");
    assertThat(v.getString("body")).isEqualTo("oKGio6SlpqeoqaqrUUZMLxtCLDGGNHT2rnfa12bYkZDMgt_jXbVK5KgH5MwKfktVMPnCJ8MI4jQAaciBKPSqERt9"
        + "Lx8Yb1Q0iMBtgIERh7QT2HO0H-wkTjcYpFK-QLIvJ75-dmNKEElsTwRYUj-r0zqIuKn2cOk2La3Ot4ojzYQB-oKNWN5Cfsm88rWF1TWG3rj06RtkW09kO1bCDw");
    assertThat(v.getString("back")).isEqualTo(pt);
    assertThat(v.getString("iv")).isEqualTo("oKGio6Slpqeoqaqr");
    assertThat(v.getBoolean("noPassphraseKey")).isTrue();
    // with the passphrase "correct horse battery staple"
    assertThat(v.getString("P")).isEqualTo("kQe0KKGGlezFkwpOTibF_p6yXFWh7WfY6oubN7m_Yws");
    assertThat(v.getString("ppRoot")).isEqualTo("bWjv3Repb5uWVD3W_B-dA_yzKONMxj3jbhq-haPFKpI");
    assertThat(v.getString("passphraseSeed")).isEqualTo("LEaQQXZ_TBHSv-6dAMQ9La0epl7DBhs6PmpsJFKKL5M");
    assertThat(v.getString("passphraseKey")).isEqualTo("PMoNS5kcaUSqS48nrzU0X7gcbl-OfZJRxE6xgQQNeLQ");
    assertThat(v.getString("passphraseSignature"))
        .isEqualTo("2J2xw5iJ5IdFT_4I7_lk7Y0l23-LRNVfMYwshcsWC4_SJAb8wCRsBPo7Ej1BWtQiaPPcBFUpyOzit5Tb1Vo6DA");
    assertThat(v.getString("ppMsgKey")).isEqualTo("QNcfXL7veE-Mumf5J1R8GLOvhmCmgL3KUhy6qATYRFM");
    assertThat(v.getString("ppSafetyCode")).isEqualTo("2905 0115 6665 2564 1647");
    assertThat(v.getString("ppBody")).isEqualTo("oKGio6SlpqeoqaqrObWaKALoYENIOUoX9LGN5talG6RRcwKkF5W66J9ByZsxGEiUedlrFGlReSgqFOs-GnXxfyCf"
        + "7iRG4G2bmhVGEXSv8f4CMFj2YGcDpuUuFDgWDJswVErfCqtPkTQKaZzJQiWc2C_Wql8EQziynRGxsYrynmCTmQ6grnK9yagQ6ANhyQtaYK40MWH5M8IRdaIMxA");
    assertThat(v.getString("ppBack")).isEqualTo(pt);
    // The link alone does not open a passphrase room's messages; the passphrase is NFC-normalized first.
    assertThat(v.getBoolean("crossOpens")).isFalse();
    assertThat(v.getBoolean("nfc")).isTrue();
  }

  @Test
  void thePageReadsHttpStatusesAndCloseCodesThroughOneTable() {
    Page p = newPage();
    p.navigate(api.base() + "/");
    Object result = p.evaluate("async () => {"
        + " const m = await import('/assets/protocol.js');"
        + " const codes = [0, 401, 403, 404, 409, 410, 429, 500, 503, 4400, 4401, 4404, 4408, 4410, 4503, 1000, 1006, 1012];"
        + " return [codes.map(c => c + '=' + m.reasonOf(c)).join(' '), JSON.stringify(m.CLOSE),"
        + "   JSON.stringify(m.FALLBACK_LIMITS), m.maxPlain(m.FALLBACK_LIMITS.maxBodyChars)].join('|'); }");
    String[] parts = ((String) result).split("\\|", 4);
    assertThat(parts[0]).isEqualTo("0=transient 401=unauthorized 403=forbidden 404=not-found 409=full 410=ended"
        + " 429=other 500=transient 503=transient 4400=other 4401=unauthorized 4404=not-found 4408=other 4410=ended"
        + " 4503=transient 1000=other 1006=other 1012=other");
    assertThat(parts[1]).isEqualTo("{\"NORMAL\":1000,\"SLOW_READER\":1008,\"MESSAGE_TOO_BIG\":1009,\"SERVER_RESTARTING\":1012,"
        + "\"INVALID_REQUEST\":4400,\"UNAUTHORIZED\":4401,\"ROOM_NOT_FOUND\":4404,\"IDLE\":4408,\"ROOM_ENDED\":4410,\"UNAVAILABLE\":4503}");
    assertThat(parts[2]).isEqualTo("{\"defaultTtlSeconds\":600,\"minTtlSeconds\":60,\"maxTtlSeconds\":86400,"
        + "\"minCapacity\":2,\"defaultCapacity\":2,\"maxCapacity\":50,\"maxBodyChars\":32768}");
    assertThat(parts[3]).isEqualTo("24548");
  }

  /** Every byte a first visit downloaded from this server (uncompressed), from the page's Resource Timing. */
  /** The page's own files on a first visit (the shell and its assets, not the API): bodies as parsed, or as sent (gzip). */
  private long firstVisitBytes(Page p, String size) {
    Object n = p.evaluate("size => {"
        + " const same = e => e.name.startsWith(location.origin) && !e.name.includes('/api/');"
        + " const nav = performance.getEntriesByType('navigation')[0][size];"
        + " return nav + performance.getEntriesByType('resource').filter(same).reduce((s, e) => s + e[size], 0); }", size);
    return ((Number) n).longValue();
  }

  private static long assetBytes(String... resources) throws java.io.IOException {
    long sum = 0;
    for (String r : resources) {
      try (java.io.InputStream in = BrowserChatTest.class.getClassLoader().getResourceAsStream("web/" + r)) {
        sum += in.readAllBytes().length;
      }
    }
    return sum;
  }

  /**
   * The lobby stays under 60 KB; the room, which with protocol v2 also carries the receiver's checks
   * (integrity.js), Ed25519/PBKDF2, the notices, the seat tags and names (names.js, tags.js), notify/shield (options.js)
   * and the join screen (joinscreen.js), under 99 KB. The budget was 90 KB until the people part and the join screen
   * were merged: together they measured 102,805 B; with the passphrase prompt (unlock.js) loaded only by a room that
   * asks for a passphrase, 100,359 B, so 99 KB (101,376 B) is the least round budget that holds it, ~1 KB to spare.
   * The room had grown to 101,258 B when the shell began to load every file from the release's folder
   * (/assets/&lt;release&gt;/…, cached for a year: 13 more bytes in each integrity key and tag, and the import map's
   * two entries that map /assets/ there), 101,744 B: 100 KB
   * (102,400 B) is the least round budget that holds that.
   * These are the bodies as the browser parses them (decodedBodySize), whatever the wire carried; what the wire
   * carries, gzip since the files are sent compressed (WebFile), is under half of that and has budgets of its own,
   * measured 20,415 B for the lobby and 39,866 B for
   * the room, so 22 KB and 44 KB (~10 % to spare).
   */
  @Test
  void theLobbyWeighsUnder60KBAndTheRoomUnder100KB() throws Exception {
    Page p = newPage();
    p.navigate(api.base() + "/");
    assertThat(byTestId(p, "create-room")).isVisible();
    p.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
    long lobby = firstVisitBytes(p, "decodedBodySize");
    long lobbySent = firstVisitBytes(p, "encodedBodySize");
    Page q = newPage();
    openAndJoin(q, linkFor(api.createRoom(60, 2)));
    waitConnected(q);
    q.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
    long room = firstVisitBytes(q, "decodedBodySize");
    long roomSent = firstVisitBytes(q, "encodedBodySize");
    System.out.println("page weight: lobby " + lobby + " B (" + lobbySent + " B sent), room " + room + " B (" + roomSent + " B sent)");
    // The measurement must at least see the files every page loads, or it measures nothing.
    long floor = assetBytes("index.html", "assets/style.css", "assets/app.js", "assets/crypto.js");
    assertThat(lobby).isGreaterThanOrEqualTo(floor).isLessThan(60 * 1024);
    assertThat(room).isGreaterThanOrEqualTo(floor + assetBytes("assets/room.js", "assets/integrity.js", "assets/joinscreen.js")).isLessThan(100 * 1024);
    assertThat(lobbySent).isPositive().isLessThan(lobby / 2).isLessThan(22 * 1024);
    assertThat(roomSent).isPositive().isLessThan(room / 2).isLessThan(44 * 1024);
  }
}
