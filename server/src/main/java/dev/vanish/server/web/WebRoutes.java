// The web page: one static HTML shell for the lobby (`/`) and every room (`/r/{roomId`}), plus
// its ES modules and stylesheet under `/assets/`, all from the jar. The shell is the same bytes for
// every room, so fetching a room's URL (a link-preview bot) takes no seat and learns nothing: only the
// script, reading the key from the #fragment the server never sees, can join. The shell is the one
// WebRelease renders, with every module and the stylesheet pinned by Subresource Integrity.
package dev.vanish.server.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

public final class WebRoutes {

  private final Buffer shell;

  public WebRoutes(WebRelease release) {
    shell = Buffer.buffer(release.shellBytes());
  }

  public void mount(Router router) {
    // HEAD too (headers, no body), as browsers, link checkers and monitors ask before a GET.
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::shell);
    router.route("/r/:roomId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::shell);
    router.route("/assets/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticHandler.create("web/assets")
        .setCachingEnabled(false)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setDefaultContentEncoding("UTF-8"));
  }

  /**
   * Vert.x refuses a path it cannot decode (`/r/%`, `/r/ab%2`) with 400 before any route runs; for a room
   * link opened in a browser that would be a JSON body instead of the page. Such a GET or HEAD of `/r/…`
   * gets the shell, whose script shows the lobby ("not found"); every other 400 goes to {@code otherwise}
   * (BrowserChatTest.aMalformedEscapeInARoomLinkShowsTheLobby).
   */
  public void serveShellForUndecodableRoomLinks(Router router, Handler<RoutingContext> otherwise) {
    router.errorHandler(400, ctx -> {
      HttpMethod m = ctx.request().method();
      boolean page = m == HttpMethod.GET || m == HttpMethod.HEAD;
      if (page && ctx.failure() == null && ctx.request().path().startsWith("/r/")) shell(ctx);
      else otherwise.handle(ctx);
    });
  }

  private void shell(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache");
    if (ctx.request().method() == HttpMethod.HEAD) {
      // The headers a GET would get, without the body (Vert.x writes whatever end() is given, even for HEAD).
      ctx.response().putHeader("Content-Length", Integer.toString(shell.length())).end();
    } else {
      ctx.response().end(shell);
    }
  }
}
