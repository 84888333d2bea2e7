// Rate-limits the room look-ups that fail (VANISH_RATE_LOOKUPS, per client IP): a 401 or 404 on a room's URL
// answered to a request without a valid seat token or access proof. Telling those two apart says whether a
// room id is alive (a missing room reads 404, a live one without a seat 401), so one address gets only so
// many of them; beyond the limit each such answer becomes 429 rate_limited, which tells nothing about the
// room. Requests that succeed are never counted, so members with a valid token are never slowed down by it.
// A failure handler of the API router ahead of HttpErrors' (RoomProbingTest fails without it). The socket
// hello's failed look-ups (close 4401/4404) count in the same bucket, in realtime.SocketEndpoint.
package dev.vanish.server.http;

import dev.vanish.server.error.Failures;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

public final class LookupLimit {

  private final Limiter limiter;
  private final ClientIp clientIp;

  public LookupLimit(Limiter limiter, ClientIp clientIp) {
    this.limiter = limiter;
    this.clientIp = clientIp;
  }

  /** Mounts on the API router, before its failure handler (paths relative to /api/v1). */
  public void mount(Router api) {
    api.route("/rooms/*").failureHandler(this::counted);
  }

  private void counted(RoutingContext ctx) {
    if (!Limiter.isFailedLookup(ctx.failure())) {
      ctx.next();
      return;
    }
    limiter.check(Limiter.Kind.LOOKUPS, clientIp.of(ctx.request())).onComplete(ar -> {
      if (ctx.response().ended()) return;
      if (ar.succeeded()) ctx.next();
      else HttpErrors.write(ctx, Failures.classify(ar.cause(), "lookup limit"));
    });
  }
}
