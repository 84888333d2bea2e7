// Every address a GET reads answers HEAD too: the same status and headers, no body (RFC 9110 §9.3.2). Vert.x's
// Router.get() matches GET alone, so a HEAD was 405 there; monitors, link checkers and proxies ask HEAD first.
// Vert.x leaves the body of a HEAD answer out by itself but then writes no Content-Length, so the writers of the
// edge (JsonIo.send, the chunk GET, web.WebRoutes) set it themselves. OpenApiTest walks the router and fails on a
// GET route without HEAD.
package dev.vanish.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

public final class Reads {

  private Reads() {}

  /** A route for GET and HEAD of {@code path} (where Router.get(path) would give GET alone). */
  public static Route get(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }
}
