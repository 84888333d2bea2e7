package dev.vanish.server.http;

import io.vertx.ext.web.Router;

/**
 * Headers on every response: a strict Content-Security-Policy that the page satisfies (no inline script or
 * style, nothing from any other origin), no referrer (the page's URL holds the room key), no type sniffing,
 * no framing, and API answers that are never cached (they carry tokens and room state).
 */
public final class Headers {

  private Headers() {}

  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  public static void install(Router router) {
    router.route().handler(ctx -> {
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
