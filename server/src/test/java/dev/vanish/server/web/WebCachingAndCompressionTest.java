package dev.vanish.server.web;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.NodeTestBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a proxy or a browser cache expects of the page's files, on a real node over real HTTP (Java's client,
 * which neither asks for nor decodes gzip by itself): gzip only when Accept-Encoding allows it, decoding to
 * exactly the release's bytes, `Vary: Accept-Encoding` either way; the release's folder cached for a year, the
 * shell and the plain asset URLs revalidated (`no-cache`) with a strong ETag per representation and 304 on
 * If-None-Match; API answers never compressed (BREACH: SECURITY.md).
 */
class WebCachingAndCompressionTest extends NodeTestBase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private HttpResponse<byte[]> call(String method, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) b.headers(headers);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static byte[] gunzip(byte[] b) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file of the page by a path it is served at: the shell at / and at a room's address, every asset at both paths. */
  private static Map<String, byte[]> everyFile() {
    Map<String, byte[]> all = new LinkedHashMap<>(WebRelease.builtIn().files());
    all.put("/r/" + Ids.roomId(), WebRelease.builtIn().shellBytes());
    return all;
  }

  @Test
  void gzipWhenAskedForDecodesToTheExactBytesAndNoneOtherwiseAlwaysWithVary() {
    long plain = 0;
    long sent = 0;
    for (Map.Entry<String, byte[]> f : everyFile().entrySet()) {
      String path = f.getKey();
      HttpResponse<byte[]> gz = call("GET", path, "Accept-Encoding", "gzip, deflate, br, zstd"); // what Chromium asks
      assertThat(gz.statusCode()).as(path).isEqualTo(200);
      assertThat(header(gz, "Vary")).as(path).isEqualTo("Accept-Encoding");
      if ("gzip".equals(header(gz, "Content-Encoding"))) {
        assertThat(gunzip(gz.body())).as(path + " decoded").isEqualTo(f.getValue());
        assertThat(gz.body().length).as(path).isLessThan(f.getValue().length);
        assertThat(header(gz, "Content-Length")).as(path).isEqualTo(Integer.toString(gz.body().length));
      } else {
        // Only a file gzip would not make smaller goes as it is; every module and the shell shrink.
        assertThat(path).as("sent uncompressed").doesNotEndWith(".js").doesNotEndWith(".css").doesNotStartWith("/r/").isNotEqualTo("/");
        assertThat(header(gz, "Content-Encoding")).as(path).isNull();
        assertThat(gz.body()).as(path).isEqualTo(f.getValue());
      }
      if (path.equals("/") || path.startsWith(WebRelease.builtIn().hashedPath("/assets/"))) { // each file once
        plain += f.getValue().length;
        sent += gz.body().length;
      }
      for (String[] none : new String[][] {{}, {"Accept-Encoding", "identity"}, {"Accept-Encoding", "gzip;q=0, br"},
          {"Accept-Encoding", "*;q=0"}}) {
        HttpResponse<byte[]> r = call("GET", path, none);
        assertThat(header(r, "Content-Encoding")).as(path + " " + String.join(": ", none)).isNull();
        assertThat(r.body()).as(path + " " + String.join(": ", none)).isEqualTo(f.getValue());
        assertThat(header(r, "Vary")).as(path).isEqualTo("Accept-Encoding");
      }
    }
    assertThat(header(call("GET", "/assets/app.js", "Accept-Encoding", "*"), "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(call("GET", "/assets/app.js", "Accept-Encoding", "br;q=1, GZIP;q=0.2"), "Content-Encoding")).isEqualTo("gzip");
    System.out.println("web files (the shell and each asset once): " + plain + " B, " + sent + " B gzip-compressed");
  }

  @Test
  void apiAnswersAreNeverCompressed() {
    for (String path : new String[] {"/api/v1/config", "/healthz", "/readyz", "/api/v1/rooms/" + Ids.roomId() + "/challenge",
        "/api/v1/rooms/" + Ids.roomId(), "/no/such/page"}) {
      HttpResponse<byte[]> r = call("GET", path, "Accept-Encoding", "gzip");
      assertThat(header(r, "Content-Encoding")).as(path).isNull();
      assertThat(new String(r.body())).as(path).startsWith("{");
    }
  }

  @Test
  void theReleasesFolderIsImmutableTheShellAndPlainUrlsAreRevalidatedWithEtagsAnd304() {
    WebRelease release = WebRelease.builtIn();
    String hashed = release.hashedPath("/assets/app.js");
    assertThat(header(call("GET", hashed), "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(header(call("GET", release.hashedPath("/assets/style.css")), "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    // Another release's folder (or a made-up one) is not this node's: 404, never an asset of the wrong release.
    assertThat(call("GET", hashed.replaceAll("/assets/[0-9a-f]{12}/", "/assets/000000000000/")).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/assets/").statusCode()).isEqualTo(404);
    assertThat(call("GET", "/assets/vendor").statusCode()).isEqualTo(404);

    for (String path : new String[] {"/", "/r/" + Ids.roomId(), "/assets/app.js", hashed}) {
      HttpResponse<byte[]> plain = call("GET", path);
      HttpResponse<byte[]> gz = call("GET", path, "Accept-Encoding", "gzip");
      String etag = header(plain, "ETag");
      String gzEtag = header(gz, "ETag");
      assertThat(etag).as(path).matches("\"[A-Za-z0-9_-]{22}\""); // strong: no W/
      assertThat(gzEtag).as(path + ": another representation, another tag").isNotEqualTo(etag).matches("\"[A-Za-z0-9_-]{22}-gzip\"");
      if (!path.equals(hashed)) assertThat(header(plain, "Cache-Control")).as(path).isEqualTo("no-cache");
      for (String[] ask : new String[][] {{"If-None-Match", etag}, {"If-None-Match", gzEtag, "Accept-Encoding", "gzip"},
          {"If-None-Match", "\"other\", W/" + etag}, {"If-None-Match", "*"}}) {
        HttpResponse<byte[]> r = call("GET", path, ask);
        assertThat(r.statusCode()).as(path + " " + String.join(": ", ask)).isEqualTo(304);
        assertThat(r.body()).as(path).isEmpty();
        assertThat(header(r, "ETag")).as(path).isIn(etag, gzEtag);
        assertThat(header(r, "Cache-Control")).as(path).isEqualTo(header(plain, "Cache-Control"));
        assertThat(header(r, "Vary")).as(path).isEqualTo("Accept-Encoding");
      }
      HttpResponse<byte[]> stale = call("GET", path, "If-None-Match", "\"AAAAAAAAAAAAAAAAAAAAAA\"");
      assertThat(stale.statusCode()).as(path).isEqualTo(200);
      assertThat(stale.body()).as(path).isEqualTo(plain.body());
      // HEAD: the same headers as the GET, the gzip length included, and no body.
      HttpResponse<byte[]> head = call("HEAD", path, "Accept-Encoding", "gzip");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      for (String h : new String[] {"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Cache-Control", "Vary"}) {
        assertThat(header(head, h)).as(path + " HEAD " + h).isEqualTo(header(gz, h));
      }
    }
    // The shell is the same bytes, and so the same tag, for the lobby and every room.
    assertThat(header(call("GET", "/r/" + Ids.roomId()), "ETag")).isEqualTo(header(call("GET", "/"), "ETag"));
  }
}
