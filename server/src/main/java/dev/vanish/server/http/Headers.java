// Headers on every response: a strict Content-Security-Policy that the page satisfies (no inline script or
// style, nothing from any other origin), no referrer (the page's URL holds the room key), no type sniffing,
// no framing, and API answers that are never cached (they carry tokens and room state). HSTS only when the
// node knows it is reached over https (VANISH_PUBLIC_URL); sent over plain http it would be ignored at best
// and lock a misconfigured domain out at worst. Vert.x writes no Server header, and nothing adds one.
package dev.vanish.server.http;

import io.vertx.ext.web.Router;

public final class Headers {

  private Headers() {}

  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  public static final String HSTS = "max-age=31536000; includeSubDomains";

  public static void install(Router router, boolean https) {
    router.route().handler(ctx -> {
      if (https) ctx.response().headers().set("Strict-Transport-Security", HSTS);
      ctx.response().headers()
          .set("Content-Security-Policy", CSP)
          .set("X-Content-Type-Options", "nosniff")
          .set("X-Frame-Options", "DENY")
          .set("Referrer-Policy", "no-referrer");
      if (ctx.request().path().startsWith("/api/")) ctx.response().headers().set("Cache-Control", "no-store");
      ctx.next();
    });
  }
}
