// What `vanish verify URL` does: fetches the page at URL and everything it makes the browser load — the
// files named by its <script src> and <link href> tags and its import map, and, recursively, every module's
// own static imports, `export … from` and literal dynamic import(), resolved as the browser does (against the
// module's URL, then through the page's import map) — plus every file of this jar's release, at its plain
// URL and under the release's folder (/assets/app.js and /assets/<release>/app.js: WebRelease), then compares each one's SHA-256 with the copy built into this jar (WebRelease). A file of the release
// that answers otherwise than 200 is missing; a file the page loads that the release does not have (or one
// on another origin) is extra; a file whose bytes are not the jar's differs. The page's fragment (a room
// link's key) is never sent. Each file is fetched once, at most MAX_FILES of them, MAX_BYTES each.
// `vanish doctor` runs it as its assets check.
package dev.vanish.server.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

public final class WebVerifier {

  static final int MAX_FILES = 500;
  static final int MAX_BYTES = 8 * 1024 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public enum Kind { DIFFERS, MISSING, EXTRA }

  public record Finding(Kind kind, String file, String detail) {
    public String line() {
      return kind.name().toLowerCase() + ": " + file + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** What did not match; none means the server serves this jar's web client. */
  public record Report(List<Finding> findings) {
    public boolean unmodified() {
      return findings.isEmpty();
    }
  }

  /** The server could not be asked at all (bad address, refused, timed out, TLS): one line, no stack trace. */
  public static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message);
    }
  }

  private final WebRelease release;
  private final HttpClient http;

  public WebVerifier(WebRelease release) {
    this.release = release;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** An http(s) URL with a host, without its fragment (never sent); the path `/` when it has none. */
  public static URI pageUrl(String given) {
    URI u;
    try {
      u = new URI(given.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + given);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("not an http(s) URL: " + given);
    if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException("no host in " + given);
    try {
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return new URI(scheme + "://" + u.getRawAuthority() + path + (u.getRawQuery() != null ? "?" + u.getRawQuery() : ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + given);
    }
  }

  private record Fetched(int status, byte[] body, URI uri) {}

  public Report verify(URI page) throws Unreachable {
    Fetched shell = fetch(page);
    if (shell.status() != 200) {
      throw new Unreachable(page + " answered HTTP " + shell.status() + ", not a page");
    }
    URI base = shell.uri(); // after redirects: what the browser resolves the page's references against
    String origin = origin(base);
    Map<String, Fetched> seen = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    Deque<URI> queue = new ArrayDeque<>();
    Set<String> foreign = new HashSet<>();
    seen.put(name(base), shell);
    List<URI> refs = new ArrayList<>();
    Map<String, String> imports = htmlReferences(new String(shell.body(), StandardCharsets.UTF_8), base, refs);
    queue.addAll(refs);
    compare(name(base), base.getRawPath(), shell, findings);

    while (!queue.isEmpty()) {
      URI u = queue.poll();
      if (!origin(u).equals(origin)) {
        // Not fetched: whatever it is, the page loads code or style from elsewhere.
        if (foreign.add(u.toString())) findings.add(new Finding(Kind.EXTRA, u.toString(), "on another origin"));
        continue;
      }
      String name = name(u);
      if (seen.containsKey(name)) continue;
      if (seen.size() >= MAX_FILES) {
        findings.add(new Finding(Kind.EXTRA, name, "and more: stopped after " + MAX_FILES + " files"));
        break;
      }
      Fetched f = fetch(u);
      seen.put(name, f);
      boolean ours = expected(u.getRawPath()) != null;
      if (f.status() != 200) {
        // A file the page names but nobody serves loads nothing; one of the release's is missing (below).
        if (ours) findings.add(new Finding(Kind.MISSING, name, "HTTP " + f.status()));
        continue;
      }
      if (!ours) findings.add(new Finding(Kind.EXTRA, name, "not part of this release"));
      else compare(name, u.getRawPath(), f, findings);
      if (isScript(u)) {
        for (String spec : moduleSpecifiers(new String(f.body(), StandardCharsets.UTF_8))) {
          URI r = resolve(spec, u, imports);
          if (r != null) queue.add(r);
        }
      }
    }
    // Every file of the release, whether the page names it or not.
    for (String path : release.files().keySet()) {
      URI u = base.resolve(path);
      String name = name(u);
      if (seen.containsKey(name)) continue;
      Fetched f = fetch(u);
      seen.put(name, f);
      if (f.status() != 200) findings.add(new Finding(Kind.MISSING, name, "HTTP " + f.status()));
      else compare(name, path, f, findings);
    }
    return new Report(findings);
  }

  private void compare(String name, String path, Fetched f, List<Finding> findings) {
    byte[] want = expected(path);
    if (!Arrays.equals(want, f.body())) {
      findings.add(new Finding(Kind.DIFFERS, name, "served sha256 " + WebRelease.hex(WebRelease.digest("SHA-256", f.body()))
          + ", this jar's " + WebRelease.hex(WebRelease.digest("SHA-256", want))));
    }
  }

  /**
   * The jar's bytes for a path: the shell for `/` and every room page, else the asset at its plain path or under
   * this release's folder; null if not ours (a folder of another release is not this jar's).
   */
  private byte[] expected(String rawPath) {
    if (rawPath == null) return null;
    if (rawPath.equals("/") || rawPath.matches("/r/[^/]*")) return release.shellBytes();
    return release.asset(rawPath);
  }

  private static boolean isScript(URI u) {
    String p = u.getRawPath() == null ? "" : u.getRawPath();
    return p.endsWith(".js") || p.endsWith(".mjs");
  }

  private static String origin(URI u) {
    int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    return u.getScheme().toLowerCase() + "://" + (u.getHost() == null ? "" : u.getHost().toLowerCase()) + ":" + port;
  }

  /** How a file is named in the report: its path (and query), as the server was asked. */
  private static String name(URI u) {
    String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
  }

  // --- what a page and a module make the browser load

  private static final Pattern TAG = Pattern.compile("<(script|link)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL_ATTR = Pattern.compile(
      "\\b(?:src|href)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern TYPE_ATTR = Pattern.compile(
      "\\btype\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCRIPT_END = Pattern.compile("</script\\s*>", Pattern.CASE_INSENSITIVE);
  /** import … from 'x', import 'x', export … from 'x' (the clause before from: names, braces, *, commas). */
  private static final Pattern STATIC_IMPORT = Pattern.compile(
      "(?<![\\w$.])(?:import|export)\\s*(?:[\\w$*{}\\s,]*?\\s*from\\s*)?(['\"])([^'\"\\r\\n]+)\\1");
  private static final Pattern DYNAMIC_IMPORT = Pattern.compile("(?<![\\w$.])import\\s*\\(\\s*(['\"`])([^'\"`\\r\\n]+)\\1\\s*\\)");

  /**
   * Adds to {@code refs} every URL the page's tags and import maps name (data: URLs load nothing from the
   * server) and the imports of its inline modules; returns the merged import map's "imports": bare specifiers
   * as written, URL-like ones (/…, ./…, ../…, http…) resolved against the page, each to its target resolved
   * against the page too, as the browser parses them.
   */
  static Map<String, String> htmlReferences(String html, URI base, List<URI> refs) {
    Map<String, String> imports = new LinkedHashMap<>();
    List<String> inlineModules = new ArrayList<>();
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      String attrs = tag.group(2);
      Matcher url = URL_ATTR.matcher(attrs);
      if (url.find()) add(refs, base, value(url));
      if (!tag.group(1).equalsIgnoreCase("script")) continue;
      Matcher type = TYPE_ATTR.matcher(attrs);
      String t = type.find() ? value(type).trim().toLowerCase() : "";
      Matcher end = SCRIPT_END.matcher(html);
      if (!end.find(tag.end())) continue;
      String body = html.substring(tag.end(), end.start());
      if (t.equals("importmap")) {
        importMap(body, base, refs, imports);
      } else if (t.equals("module") && !body.isBlank()) {
        inlineModules.add(body);
      }
    }
    for (String body : inlineModules) {
      for (String spec : moduleSpecifiers(body)) {
        URI r = resolve(spec, base, imports);
        if (r != null) refs.add(r);
      }
    }
    return imports;
  }

  private static void importMap(String json, URI base, List<URI> refs, Map<String, String> imports) {
    JsonObject map;
    try {
      map = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      return; // the browser ignores it too (and the shell differs from the jar's)
    }
    JsonObject im = map.getValue("imports") instanceof JsonObject o ? o : new JsonObject();
    for (String key : im.fieldNames()) {
      if (im.getValue(key) instanceof String target) {
        List<URI> at = new ArrayList<>(1);
        add(at, base, target);
        if (at.isEmpty()) continue; // the browser ignores a target it cannot parse
        String k = key;
        if (urlLike(key)) {
          List<URI> keyUrl = new ArrayList<>(1);
          add(keyUrl, base, key);
          if (keyUrl.isEmpty()) continue;
          k = keyUrl.get(0).toString();
        }
        imports.put(k, at.get(0).toString());
        refs.add(at.get(0));
      }
    }
    if (map.getValue("scopes") instanceof JsonObject scopes) {
      for (String scope : scopes.fieldNames()) {
        if (scopes.getValue(scope) instanceof JsonObject s) {
          for (String key : s.fieldNames()) if (s.getValue(key) instanceof String target) add(refs, base, target);
        }
      }
    }
    if (map.getValue("integrity") instanceof JsonObject integrity) {
      for (String key : integrity.fieldNames()) add(refs, base, key);
    }
  }

  private static String value(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) if (m.group(g) != null) return decodeEntities(m.group(g));
    return "";
  }

  private static String decodeEntities(String s) {
    return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
  }

  private static void add(List<URI> refs, URI base, String ref) {
    String r = ref.trim();
    if (r.isEmpty() || r.startsWith("#") || r.regionMatches(true, 0, "data:", 0, 5) || r.regionMatches(true, 0, "blob:", 0, 5)) return;
    try {
      URI u = base.resolve(new URI(r));
      if (u.getScheme() != null && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
        refs.add(stripFragment(u));
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a URL a browser could load either
    }
  }

  private static URI stripFragment(URI u) {
    if (u.getRawFragment() == null) return u;
    String s = u.toString();
    return URI.create(s.substring(0, s.indexOf('#')));
  }

  /** The module specifiers a script names: static imports, re-exports and literal dynamic imports. */
  static List<String> moduleSpecifiers(String js) {
    List<String> out = new ArrayList<>();
    Matcher m = STATIC_IMPORT.matcher(js);
    while (m.find()) out.add(m.group(2));
    m = DYNAMIC_IMPORT.matcher(js);
    while (m.find()) out.add(m.group(2));
    return out;
  }

  private static boolean urlLike(String spec) {
    return spec.startsWith("/") || spec.startsWith("./") || spec.startsWith("../") || spec.matches("(?i)[a-z][a-z0-9+.-]*:.*");
  }

  /**
   * A specifier as the browser resolves it (HTML's "resolve a module specifier"): a URL-like one against the
   * module's URL, then the import map's entry for that URL (exact, or the longest key ending in / that prefixes
   * it); a bare one by the import map alone (null when it has none: the browser cannot load it either).
   */
  static URI resolve(String spec, URI against, Map<String, String> imports) {
    String key = spec;
    if (urlLike(spec)) {
      List<URI> one = new ArrayList<>(1);
      add(one, against, spec);
      if (one.isEmpty()) return null;
      key = one.get(0).toString();
    }
    String target = imports.get(key);
    if (target == null) {
      String longest = null;
      for (String k : imports.keySet()) {
        if (k.endsWith("/") && key.startsWith(k) && (longest == null || k.length() > longest.length())) longest = k;
      }
      if (longest != null) target = imports.get(longest) + key.substring(longest.length());
    }
    if (target == null) return urlLike(spec) ? URI.create(key) : null;
    List<URI> one = new ArrayList<>(1);
    add(one, against, target);
    return one.isEmpty() ? null : one.get(0);
  }

  // --- fetching

  private Fetched fetch(URI u) throws Unreachable {
    HttpRequest req = HttpRequest.newBuilder(u).timeout(REQUEST_TIMEOUT)
        .header("User-Agent", "vanish-verify/" + release.version()).GET().build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) throw new Unreachable(name(u) + " is larger than " + (MAX_BYTES >> 20) + " MiB: not a web client file");
        return new Fetched(r.statusCode(), body, r.uri());
      }
    } catch (HttpConnectTimeoutException e) {
      throw new Unreachable("cannot reach " + hostPort(u) + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw new Unreachable(hostPort(u) + " did not answer " + name(u) + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new Unreachable("cannot reach " + hostPort(u) + ": " + connectFailure(e));
    } catch (SSLException e) {
      throw new Unreachable("TLS with " + hostPort(u) + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new Unreachable("cannot fetch " + u + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted");
    } catch (IllegalArgumentException e) {
      throw new Unreachable("cannot fetch " + u + ": " + e.getMessage());
    }
  }

  private static String connectFailure(ConnectException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) return "unknown host";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "connection refused" : m.toLowerCase().contains("refused") ? "connection refused" : m;
  }

  private static String hostPort(URI u) {
    return u.getHost() + (u.getPort() != -1 ? ":" + u.getPort() : "");
  }
}
