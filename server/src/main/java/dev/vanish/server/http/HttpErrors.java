// The HTTP edge of the error vocabulary: every failure of an /api request becomes the one documented body
// {"error","message"} (docs/PROTOCOL.md §5) with the status its ErrorCode maps to here, and Retry-After for
// rate_limited. Which failure is which code is decided once, by Failures (a bug is logged there and answered
// 500 internal, never with a stack trace); Vert.x's own 400/404/405/413 answers get the same shape.
package dev.vanish.server.http;

import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.Failures;
import dev.vanish.server.error.VanishError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumMap;
import java.util.Map;

public final class HttpErrors {

  /** One row per code; a code without a row would fail the table test (HttpErrorsTest). */
  private static final Map<ErrorCode, Integer> STATUS = new EnumMap<>(Map.ofEntries(
      Map.entry(ErrorCode.INVALID_REQUEST, 400),
      Map.entry(ErrorCode.UNSUPPORTED_VERSION, 400),
      Map.entry(ErrorCode.ROOM_EXISTS, 409),
      Map.entry(ErrorCode.PASSPHRASE_REQUIRED, 401),
      Map.entry(ErrorCode.WRONG_PASSPHRASE, 403),
      Map.entry(ErrorCode.UNAUTHORIZED, 401),
      Map.entry(ErrorCode.FORBIDDEN, 403),
      Map.entry(ErrorCode.ROOM_NOT_FOUND, 404),
      Map.entry(ErrorCode.NOT_FOUND, 404),
      Map.entry(ErrorCode.FILE_NOT_FOUND, 404),
      Map.entry(ErrorCode.METHOD_NOT_ALLOWED, 405),
      Map.entry(ErrorCode.ROOM_FULL, 409),
      Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, 413),
      Map.entry(ErrorCode.FILE_TOO_LARGE, 413),
      Map.entry(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415),
      Map.entry(ErrorCode.URI_TOO_LONG, 414),
      Map.entry(ErrorCode.HEADERS_TOO_LARGE, 431),
      Map.entry(ErrorCode.RATE_LIMITED, 429),
      Map.entry(ErrorCode.INTERNAL, 500),
      Map.entry(ErrorCode.STORAGE_FULL, 507),
      Map.entry(ErrorCode.UNAVAILABLE, 503)));

  private static final String MALFORMED = "The request is malformed.";

  private HttpErrors() {}

  /** The HTTP status of a code. */
  public static int status(ErrorCode code) {
    return STATUS.get(code);
  }

  /** Vert.x's own error answers (no route, wrong method, body too large, malformed request) in the one shape. */
  public static void install(Router router) {
    router.errorHandler(404, ctx -> write(ctx, VanishError.of(ErrorCode.NOT_FOUND)));
    router.errorHandler(405, ctx -> write(ctx, VanishError.of(ErrorCode.METHOD_NOT_ALLOWED,
        "This address does not accept " + ctx.request().method() + ".")));
    router.errorHandler(413, ctx -> write(ctx, VanishError.of(ErrorCode.PAYLOAD_TOO_LARGE)));
    router.errorHandler(400, HttpErrors::badRequest);
    router.errorHandler(500, HttpErrors::failure);
  }

  /** Vert.x's 400 (a path it cannot decode, a malformed query): invalid_request, or the VanishError behind it. */
  public static void badRequest(RoutingContext ctx) {
    write(ctx, ctx.failure() instanceof VanishError e ? e : VanishError.invalid(MALFORMED));
  }

  /** The failure handler of the API sub-router (and of anything else that fails a request). */
  public static void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f == null && ctx.statusCode() == 413) {
      write(ctx, VanishError.of(ErrorCode.PAYLOAD_TOO_LARGE));
    } else if (f == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      write(ctx, VanishError.invalid(MALFORMED));
    } else {
      String where = ctx.request().method() + " " + (ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath());
      write(ctx, Failures.classify(f == null ? new IllegalStateException("failed with status " + ctx.statusCode()) : f, where));
    }
  }

  /**
   * The HTTP codec's own refusals, before any route (HttpServer.invalidRequestHandler): a request line or headers
   * beyond what the codec reads, or a request it cannot parse, answered in the one shape like every other 4xx
   * (Vert.x's default sends a bare status). The server closes the connection once the answer is written.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    VanishError e;
    if (cause instanceof VanishError refused) e = refused; // connection.StrictRequestDecoder's refusals say why
    else if (cause instanceof TooLongHttpLineException) e = VanishError.of(ErrorCode.URI_TOO_LONG);
    else if (cause instanceof TooLongHttpHeaderException) e = VanishError.of(ErrorCode.HEADERS_TOO_LARGE);
    else e = VanishError.invalid(MALFORMED);
    request.response().setStatusCode(status(e.code()))
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store")
        .end(body(e).encode());
  }

  public static void write(RoutingContext ctx, VanishError e) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    if (e.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    JsonIo.send(ctx, status(e.code()), body(e));
  }

  /** The one error body of PROTOCOL.md §5: {"error","message"}, plus attemptsLeft for the passphrase codes. */
  private static JsonObject body(VanishError e) {
    JsonObject out = new JsonObject().put("error", e.code().wire()).put("message", e.getMessage());
    if (e.attemptsLeft() >= 0) out.put("attemptsLeft", e.attemptsLeft());
    return out;
  }
}
