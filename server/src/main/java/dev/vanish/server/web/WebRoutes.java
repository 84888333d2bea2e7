// The web page: one static HTML shell for the lobby (`/`) and every room (`/r/{roomId`}), plus
// its ES modules and stylesheet under `/assets/`, all from the jar. The shell is the same bytes for
// every room, so fetching a room's URL (a link-preview bot) takes no seat and learns nothing: only the
// script, reading the key from the #fragment the server never sees, can join. The shell is the one
// WebRelease renders, loading every file from the release's folder (/assets/<release>/…, cached for a year)
// and pinning each by Subresource Integrity; the plain /assets/… URLs keep answering (revalidated every time),
// for pages of older releases still open and for `vanish verify`. Every file answers GET and HEAD the way
// WebFile says: gzip when asked for, ETag and 304, its Cache-Control. Served from memory: nothing is read or
// compressed per request.
package dev.vanish.server.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

public final class WebRoutes {

  private final WebFile shell;
  private final Map<String, WebFile> files;

  public WebRoutes(WebRelease release) {
    files = release.served();
    shell = files.get("/");
  }

  public void mount(Router router) {
    // HEAD too (headers, no body), as browsers, link checkers and monitors ask before a GET.
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::shell);
    router.route("/r/:roomId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::shell);
    router.route("/assets/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::asset);
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
    shell.send(ctx);
  }

  /** A file of the release by its plain or its release-folder path; anything else is the router's 404. */
  private void asset(RoutingContext ctx) {
    WebFile f = files.get(ctx.normalizedPath());
    if (f == null || f == shell) ctx.next();
    else f.send(ctx);
  }
}
