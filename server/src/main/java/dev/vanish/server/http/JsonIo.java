package dev.vanish.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies strictly and writing JSON responses: the API's only wire format. */
public final class JsonIo {

  private JsonIo() {}

  /** The request body as a JSON object, or a 400 naming what is wrong with it. */
  public static JsonObject body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ApiException.invalid("Content-Type must be application/json.");
    }
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) throw ApiException.invalid("The request body must be a JSON object.");
    Object parsed;
    try {
      parsed = Json.decodeValue(raw);
    } catch (DecodeException | IllegalArgumentException e) {
      throw ApiException.invalid("The request body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject obj)) throw ApiException.invalid("The request body must be a JSON object.");
    return obj;
  }

  /** An optional whole number in [min, max]; absent or null gives {@code fallback}. */
  public static int intField(JsonObject obj, String field, int fallback, int min, int max) {
    Object v = obj.getValue(field);
    if (v == null) return fallback;
    if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
      throw ApiException.invalid(field + " must be a whole number between " + min + " and " + max + ".");
    }
    long n = v instanceof java.math.BigInteger b ? (b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE) : ((Number) v).longValue();
    if (n < min || n > max) throw ApiException.invalid(field + " must be between " + min + " and " + max + ".");
    return (int) n;
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse res = ctx.response();
    res.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.toBuffer());
  }

  public static void send(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
