// One file of the page as the server answers it, everything computed once when the release is first served
// (WebRelease.served): its bytes and, when smaller, their gzip (best compression), so a request costs no CPU
// but the write; a strong ETag per representation (the gzip one differs, RFC 9110 §8.8.3); its type; and its
// caching: the shell and the plain asset URLs `no-cache` (always revalidated, answered 304 while unchanged),
// an asset under the release's folder `public, max-age=31536000, immutable` (a new release is a new folder).
// gzip only when the request's Accept-Encoding allows it, and `Vary: Accept-Encoding` on every answer, so a
// cache keeps the two apart. Only these static files are ever compressed, never an API answer (SECURITY.md:
// BREACH). Brotli would save a few KB more but needs native code from outside the JDK (brotli4j); gzip is the
// JDK's own.
package dev.vanish.server.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

final class WebFile {

  static final String NO_CACHE = "no-cache";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Buffer identity;
  private final Buffer gzip; // null when gzip would not be smaller
  private final String type;
  private final String cacheControl;
  private final String etag;
  private final String gzipEtag;

  private WebFile(byte[] bytes, byte[] gzip, String type, String cacheControl, String tag) {
    this.identity = Buffer.buffer(bytes);
    this.gzip = gzip == null ? null : Buffer.buffer(gzip);
    this.type = type;
    this.cacheControl = cacheControl;
    this.etag = "\"" + tag + "\"";
    this.gzipEtag = "\"" + tag + "-gzip\"";
  }

  static WebFile of(byte[] bytes, String type, String cacheControl) {
    byte[] gz = gzip(bytes);
    String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(WebRelease.digest("SHA-256", bytes)).substring(0, 22);
    return new WebFile(bytes, gz.length < bytes.length ? gz : null, type, cacheControl, tag);
  }

  /** The Content-Type of an asset by its name (what Vert.x's StaticHandler sent for the page's files). */
  static String typeOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".js") || name.endsWith(".mjs")) return "text/javascript; charset=utf-8";
    if (name.endsWith(".css")) return "text/css; charset=utf-8";
    if (name.endsWith(".md") || name.endsWith(".txt") || !name.contains(".")) return "text/plain; charset=utf-8"; // README.md, LICENSE
    return "application/octet-stream";
  }

  int length() {
    return identity.length();
  }

  /** The gzip bytes' length, or -1 when this file is always sent as it is. */
  int gzipLength() {
    return gzip == null ? -1 : gzip.length();
  }

  /** Answers a GET or HEAD: 304 when If-None-Match names this file, else 200 with gzip where it is accepted. */
  void send(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    boolean gz = gzip != null && acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
    res.putHeader("Cache-Control", cacheControl).putHeader("Vary", "Accept-Encoding").putHeader("ETag", gz ? gzipEtag : etag);
    if (matches(ctx.request().getHeader("If-None-Match"))) {
      res.setStatusCode(304).end();
      return;
    }
    Buffer body = gz ? gzip : identity;
    res.putHeader("Content-Type", type).putHeader("Content-Length", Integer.toString(body.length()));
    if (gz) res.putHeader("Content-Encoding", "gzip");
    // Vert.x writes no body on HEAD (nor a Content-Length of its own: hence the one above).
    if (ctx.request().method() == HttpMethod.HEAD) res.end();
    else res.end(body);
  }

  /** If-None-Match (weak comparison, RFC 9110 §13.1.2): `*`, or a list holding either representation's tag. */
  private boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) return false;
    for (String t : ifNoneMatch.split(",")) {
      String tag = t.trim();
      if (tag.startsWith("W/")) tag = tag.substring(2);
      if (tag.equals("*") || tag.equals(etag) || tag.equals(gzipEtag)) return true;
    }
    return false;
  }

  /** Whether Accept-Encoding allows gzip: `gzip` (or `x-gzip`) with a q above 0, or else `*` with one. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) return false;
    Double gzip = null;
    Double any = null;
    for (String part : acceptEncoding.split(",")) {
      String[] bits = part.split(";");
      String coding = bits[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < bits.length; i++) {
        String p = bits[i].trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0; // a q we cannot read allows nothing
          }
        }
      }
      if (coding.equals("gzip") || coding.equals("x-gzip")) gzip = gzip == null ? q : Math.max(gzip, q);
      else if (coding.equals("*")) any = q;
    }
    if (gzip != null) return gzip > 0;
    return any != null && any > 0;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
