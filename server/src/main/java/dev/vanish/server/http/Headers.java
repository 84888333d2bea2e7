package dev.vanish.server.http;

import io.vertx.ext.web.Router;

/**
 * Headers on every response: API answers are never cached (they carry tokens and room state), and nothing
 * the server sends may be sniffed into another type or leak the page's URL (with its key) as a referrer.
 */
public final class Headers {

  private Headers() {}

  public static void install(Router router) {
    router.route().handler(ctx -> {
      ctx.response().headers()
          .set("X-Content-Type-Options", "nosniff")
          .set("Referrer-Policy", "no-referrer");
      if (ctx.request().path().startsWith("/api/")) ctx.response().headers().set("Cache-Control", "no-store");
      ctx.next();
    });
  }
}
