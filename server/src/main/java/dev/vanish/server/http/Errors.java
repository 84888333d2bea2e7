package dev.vanish.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the one documented error shape {@code {"error","message"}}. Documented errors
 * pass through; failures of the engine (Redis down, timeouts) become 503 {@code unavailable}; anything else
 * is a bug, logged without the request and answered 500 {@code internal}, never with a stack trace.
 */
public final class Errors {

  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static void install(Router router) {
    router.errorHandler(404, ctx -> write(ctx, new ApiException(404, "not_found", "There is nothing at this address.")));
    router.errorHandler(405, ctx -> write(ctx, new ApiException(405, "method_not_allowed", "This address does not accept " + ctx.request().method() + ".")));
    router.errorHandler(413, ctx -> write(ctx, new ApiException(413, "payload_too_large", "The request body is larger than 64 KiB.")));
    router.errorHandler(400, ctx -> write(ctx, ctx.failure() instanceof ApiException e ? e : ApiException.invalid("The request is malformed.")));
    router.errorHandler(500, Errors::failure);
  }

  /** The failure handler of every API route. */
  public static void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f instanceof ApiException e) {
      write(ctx, e);
    } else if (f == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      write(ctx, new ApiException(ctx.statusCode(), ctx.statusCode() == 413 ? "payload_too_large" : "invalid_request",
          ctx.statusCode() == 413 ? "The request body is larger than 64 KiB." : "The request is malformed."));
    } else if (f != null && EngineFailure.is(f)) {
      LOG.warn("engine unavailable: {}", EngineFailure.describe(f));
      write(ctx, ApiException.unavailable());
    } else {
      LOG.error("unexpected failure in {} {}", ctx.request().method(), ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath(), f);
      write(ctx, new ApiException(500, "internal", "Something went wrong on the server; nothing was changed by this request."));
    }
  }

  public static void write(RoutingContext ctx, ApiException e) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    if (e.retryAfterSeconds > 0) ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds));
    JsonIo.send(ctx, e.status, new JsonObject().put("error", e.code).put("message", e.getMessage()));
  }
}
