// The opt-in access log (VANISH_ACCESS_LOG=true; off by default): one line per request with method, route,
// status and duration — never the client's address, query string, headers or a room id. The route is the
// matched pattern (`/r/:roomId`); under a prefix route (the /api/v1 sub-router, /assets) and for a path
// no pattern matched it is the path, logged only if it is plain, with any room-id-shaped segment replaced by
// `:roomId` (`/api/v1/rooms/:roomId/members`), as is any segment containing such a run, else as
// `-`.
package dev.vanish.server.http;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

public final class AccessLog {

  public static final String LOGGER = "dev.vanish.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Pattern PLAIN = Pattern.compile("/[A-Za-z0-9._/-]{0,100}");
  private static final Pattern ROOM_ID_SHAPED = Pattern.compile("[A-Za-z0-9_-]{16,}");

  private AccessLog() {}

  public static void install(Router router) {
    router.route().order(-1000).handler(ctx -> {
      long t0 = System.nanoTime();
      ctx.addBodyEndHandler(v -> LOG.info("{} {} {} {}ms", ctx.request().method(), route(ctx),
          ctx.response().getStatusCode(), (System.nanoTime() - t0) / 1_000_000));
      ctx.next();
    });
  }

  static String route(RoutingContext ctx) {
    Route r = ctx.currentRoute();
    String pattern = r == null ? null : r.getPath();
    // A prefix route (the /api/v1 sub-router's mount, /assets/*) names no endpoint: the path, redacted, does.
    if (pattern == null || pattern.length() > 1 && pattern.endsWith("/")) return redact(ctx.request().path());
    return pattern;
  }

  static String redact(String path) {
    if (path == null || !PLAIN.matcher(path).matches()) return "-";
    StringBuilder out = new StringBuilder();
    for (String seg : path.split("/", -1)) {
      if (out.length() > 0 || !seg.isEmpty()) out.append('/');
      // A segment that merely contains an id-shaped run ("<roomId>.js") is replaced whole too.
      out.append(ROOM_ID_SHAPED.matcher(seg).find() ? ":roomId" : seg);
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
