package dev.vanish.server.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Generators of bad input for the fuzz suite: nasty strings (unicode edge cases, overlong, almost-base64url),
 * arbitrary JSON values of every type (huge numbers included), mutations of a valid request object, and raw
 * malformed JSON text and bytes. Strings are sent with every non-ASCII char as a JSON escape, so lone
 * surrogates and NULs reach the server exactly.
 */
final class Gen {

  private Gen() {}

  static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** Strings a careless parser or validator trips on. */
  static Arbitrary<String> nastyString() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "\u0000", "\ud800", "\udfff", "a\ud83d", "\u202e\u202dabc", "😀", "😀".repeat(22),
            "\ufeff", "\u0000".repeat(43), "null", "true", "0", "-1", "1e999", "NaN", "../../etc/passwd", "%00",
            "<script>alert(1)</script>", "' OR 1=1 --", "\r\n\r\n", "A".repeat(42), "A".repeat(44), "A".repeat(42) + "B",
            "A".repeat(42) + "=", "A".repeat(43).replace('A', '+'), "A".repeat(43).replace('A', '/'),
            "ＡＡＡ", "A".repeat(100_000 / 2), "٠١٢٣", "𝟎𝟏𝟐"),
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(80),
        Arbitraries.strings().withChars(B64 + "+/=. ").ofMinLength(40).ofMaxLength(46),
        Arbitraries.strings().withChars(B64).ofMinLength(1).ofMaxLength(70),
        Arbitraries.strings().ascii().ofMinLength(1000).ofMaxLength(40_000));
  }

  /** Any JSON value: wrong types, huge and odd numbers, nested structures. */
  static Arbitrary<Object> jsonValue() {
    return Arbitraries.oneOf(
        nastyString().map(s -> (Object) s),
        Arbitraries.of(true, false, 0, -1, 1, 2, 3, 51, 59, 60, 86400, 86401, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, 60.5, 60.0, -0.0, 1e308, Double.MIN_VALUE,
            new java.math.BigInteger("9".repeat(40)), new java.math.BigInteger("-" + "9".repeat(40))),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.just(new JsonArray().add(1).add("x")),
        Arbitraries.just(new JsonObject().put("nested", new JsonObject().put("a", 1))),
        Arbitraries.just(new JsonArray()));
  }

  /** A valid request object changed by one to three mutations: wrong values, dropped fields, unknown fields. */
  static Arbitrary<String> mutated(JsonObject valid, List<String> fields) {
    Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of(fields), nastyString().filter(s -> s.length() < 100));
    Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 3), field, jsonValue())
        .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(3).map(ms -> {
      JsonObject o = valid.copy();
      for (Mutation m : ms) {
        if (m.kind == 0) o.remove(m.field);
        else o.put(m.field, m.value);
      }
      return escape(o.encode());
    });
  }

  private record Mutation(int kind, String field, Object value) {}

  /** JSON text with every non-ASCII char as a backslash-u escape (only string contents hold such chars). */
  static String escape(String json) {
    StringBuilder b = new StringBuilder(json.length());
    for (char c : json.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }

  /** Text that is not the JSON object a request needs: malformed, truncated, not an object, odd numbers. */
  static Arbitrary<String> malformedJson(String valid) {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "{", "}", "{}", "[]", "null", "true", "42", "\"str\"", "{\"a\":}", "{'a':1}",
            "{\"a\":1,}", "{\"a\" 1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e99999999}", "/*c*/{}", "{}{}",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\x41\"}", "\ufeff{}", "[".repeat(5000),
            "{\"a\":".repeat(3000), "{\"capacity\":" + "9".repeat(5000) + "}", "{\"ttlSeconds\":0." + "1".repeat(5000) + "}",
            "{\"body\":\"" + "A".repeat(70_000) + "\"}"),
        Arbitraries.integers().between(1, Math.max(1, valid.length() - 1)).map(n -> valid.substring(0, n)),
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-tfnul \\").ofMaxLength(60));
  }

  /** Request bodies as bytes: malformed text, mutated objects, invalid UTF-8, and now and then over 64 KiB. */
  static Arbitrary<byte[]> body(JsonObject valid, List<String> fields) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, mutated(valid, fields).map(Gen::utf8)),
        net.jqwik.api.Tuple.of(3, malformedJson(valid.encode()).map(Gen::utf8)),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(100)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'},
            new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'}, new byte[66 * 1024], new byte[70_000])));
  }

  /** A WebSocket text frame must be valid UTF-8: unpaired surrogates (which no client can send) become U+FFFD. */
  static String wellFormed(String s) {
    return new String(utf8(s), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Content-Type headers: absent (null), the accepted ones, and wrong ones. */
  static Arbitrary<String> contentType() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "", "json", "*/*", "text/json", "application/jso").injectNull(0.2);
  }

  static boolean jsonContentType(String ct) {
    return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }
}
