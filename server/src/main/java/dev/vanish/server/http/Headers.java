// Headers on every response: a strict Content-Security-Policy that the page satisfies (no inline style, and
// no inline script but the shell's import map, allowed by its SHA-256 alone; nothing from any other origin;
// Trusted Types required with no policy allowed, so no string can ever reach an HTML or script sink: the
// page builds its DOM with createElement and textContent only), images and voice messages the page decrypted
// shown from blob: URLs it made itself (img-src and media-src; nothing else is widened), no script loaded without integrity metadata
// (Integrity-Policy: the shell's import map pins every module of the page, so a script added to the page
// is refused), no referrer (the page's URL holds the room key), no type sniffing, no framing, its own
// browsing-context group (Cross-Origin-Opener-Policy: a page that opened or was opened by a foreign one
// keeps no handle on it), resources readable by the node's own pages only (Cross-Origin-Resource-Policy),
// every powerful browser feature off that the page does not use (it copies its link: clipboard-write), and
// API answers that are never cached (they carry tokens and room state). HSTS only when the node knows it is
// reached over https (VANISH_PUBLIC_URL); sent over plain http it would be ignored at best and lock a
// misconfigured domain out at worst. Vert.x writes no Server header, and nothing adds one.
// SecurityHeadersTest checks each header on pages, assets and API answers; BrowserChatTest fails on any CSP,
// Trusted Types, integrity or Permissions-Policy complaint the page causes in Chromium.
package dev.vanish.server.http;

import io.vertx.ext.web.Router;

public final class Headers {

  private Headers() {}

  /**
   * The policy, allowing as inline script only the one whose hash is given: the shell's import map, which
   * pins every module by Subresource Integrity (web.WebRelease#inlineScriptHash, e.g. 'sha256-…').
   */
  public static String csp(String inlineScriptHash) {
    if (!inlineScriptHash.matches("'sha256-[A-Za-z0-9+/]{43}='")) throw new IllegalArgumentException("not a CSP hash source: " + inlineScriptHash);
    return "default-src 'self'; script-src 'self' " + inlineScriptHash + "; style-src 'self'; img-src 'self' data: blob:; "
        + "media-src blob:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
        + "require-trusted-types-for 'script'; trusted-types 'none'";
  }

  /**
   * Off: the powerful features the page does not use, by the names Chromium 156 on Linux knows (it warns
   * "Unrecognized feature" on the console for others, e.g. `bluetooth` and `web-share`, which BrowserChatTest
   * fails on). On, for the page's own origin only: clipboard-write (header.js's copyLink) and microphone (a voice
   * message recorded in the page, issue 17; the browser still asks the user). Left at the
   * browser's default, which is the page's own origin too and still asks the user: web-share (copyLink on
   * phones; not a feature name on desktop Linux) and clipboard-read (the page never reads the clipboard; the
   * browser test reads it through the page to check what "Copy link" copied).
   */
  public static final String PERMISSIONS = String.join(", ",
      "accelerometer=()", "autoplay=()", "browsing-topics=()", "camera=()", "clipboard-write=(self)",
      "display-capture=()", "encrypted-media=()", "fullscreen=()", "gamepad=()", "geolocation=()",
      "gyroscope=()", "hid=()", "idle-detection=()", "local-fonts=()", "magnetometer=()", "microphone=(self)",
      "midi=()", "payment=()", "picture-in-picture=()", "publickey-credentials-create=()",
      "publickey-credentials-get=()", "screen-wake-lock=()", "serial=()", "sync-xhr=()", "usb=()",
      "window-management=()", "xr-spatial-tracking=()");

  /** Chromium refuses any script whose request carries no integrity metadata (the import map gives every module one). */
  public static final String INTEGRITY_POLICY = "blocked-destinations=(script)";

  public static final String HSTS = "max-age=31536000; includeSubDomains";

  public static void install(Router router, boolean https, String csp) {
    router.route().handler(ctx -> {
      if (https) ctx.response().headers().set("Strict-Transport-Security", HSTS);
      ctx.response().headers()
          .set("Content-Security-Policy", csp)
          .set("X-Content-Type-Options", "nosniff")
          .set("X-Frame-Options", "DENY")
          .set("Referrer-Policy", "no-referrer")
          .set("Cross-Origin-Opener-Policy", "same-origin")
          .set("Cross-Origin-Resource-Policy", "same-origin")
          .set("Permissions-Policy", PERMISSIONS)
          .set("Integrity-Policy", INTEGRITY_POLICY);
      if (ctx.request().path().startsWith("/api/")) ctx.response().headers().set("Cache-Control", "no-store");
      ctx.next();
    });
  }
}
