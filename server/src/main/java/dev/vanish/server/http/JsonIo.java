// Reading JSON request bodies strictly and writing JSON responses: the API's only wire format.
package dev.vanish.server.http;

import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigInteger;
import java.util.Locale;

public final class JsonIo {

  private JsonIo() {}

  /**
   * Reads request bodies of at most {@code limit} bytes, but only JSON ones: every POST of the API passes
   * here, with or without a body. A missing or other Content-Type is refused 415 before the body is read:
   * a foreign page can send a cross-site "simple" POST (text/plain, form types, or none) without a CORS
   * preflight, from its visitors' browsers and addresses, but never one declaring application/json
   * (CrossSiteRequestsTest, aPostWithoutJsonContentTypeIsRefused415). Refusing before reading also keeps
   * Vert.x's body reader from parsing form and multipart bodies itself (it failed malformed ones with a 500).
   * A declared length over the limit still answers 413 first.
   */
  public static Handler<RoutingContext> bodyReader(long limit) {
    BodyHandler reader = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      if (isJson(ctx.request().getHeader("Content-Type"))) {
        reader.handle(ctx);
        return;
      }
      if (declaredOver(ctx, limit)) {
        ctx.fail(413);
      } else {
        ctx.fail(VanishError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
      }
    };
  }

  /** Whether the request's Content-Length declares more than {@code limit} bytes (read before any of the body). */
  static boolean declaredOver(RoutingContext ctx, long limit) {
    String length = ctx.request().getHeader("Content-Length");
    return length != null && length.length() <= 18 && length.chars().allMatch(Character::isDigit) && Long.parseLong(length) > limit;
  }

  private static boolean isJson(String type) {
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** The request body as a JSON object, or a 400 naming what is wrong with it. */
  public static JsonObject body(RoutingContext ctx) {
    if (!isJson(ctx.request().getHeader("Content-Type"))) throw VanishError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) throw VanishError.invalid("The request body must be a JSON object.");
    Object parsed;
    try {
      parsed = Json.decodeValue(raw);
    } catch (DecodeException | IllegalArgumentException e) {
      throw VanishError.invalid("The request body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject obj)) throw VanishError.invalid("The request body must be a JSON object.");
    return obj;
  }

  /** An optional whole number in [min, max]; absent or null gives {@code fallback}. */
  public static int intField(JsonObject obj, String field, int fallback, int min, int max) {
    Object v = obj.getValue(field);
    if (v == null) return fallback;
    if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
      throw VanishError.invalid(field + " must be a whole number between " + min + " and " + max + ".");
    }
    long n = v instanceof BigInteger b ? (b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE) : ((Number) v).longValue();
    if (n < min || n > max) throw VanishError.invalid(field + " must be between " + min + " and " + max + ".");
    return (int) n;
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body.toBuffer());
  }

  /** Content-Length is set here, not left to Vert.x, which writes none on a HEAD answer (Reads). */
  public static void send(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse res = ctx.response();
    res.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Length", Integer.toString(body.length())).end(body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
