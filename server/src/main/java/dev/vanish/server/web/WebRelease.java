// The web client as built into this jar: the shell template (web/index.html) and every file under
// web/assets/, whatever files are there (found by listing the classpath folder, never from a list kept by
// hand), read once. Each asset is served at its plain URL (/assets/app.js) and under the release's folder
// (/assets/<release>/app.js, <release> a hash of every asset's bytes: a new release is a new folder, so that
// folder can be cached for a year; WebRoutes). From those bytes it renders the shell the server sends: every
// <script src>, module preload and stylesheet link of the template pointed at the release's folder (so a
// module's relative imports, static and dynamic, stay in it), an inline import map that maps /assets/ into that
// folder and pins every module there by Subresource Integrity ({"imports":{"/assets/":"/assets/<release>/",…},
// "integrity":{"/assets/<release>/x.js":"sha384-…"}}, which covers static and dynamic imports alike), and an
// integrity attribute on each of those tags. The CSP allows that one inline script by its SHA-256
// (inlineScriptHash). The hashes are computed here, when the server starts, from the very bytes it then
// serves, so editing or adding a module can never leave a stale hash behind; the same code run on the
// packaged jar writes app/target/vanish-web.sha256 and gives `vanish verify` what to expect.
// The rendered shell holds nothing per request: the same bytes for `/` and every `/r/{roomId}`.
package dev.vanish.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public final class WebRelease {

  static final String ROOT = "web/";
  static final String SHELL_RESOURCE = ROOT + "index.html";
  /** The URL path under which web/assets/ is served (WebRoutes). */
  static final String ASSETS = "/assets/";
  /** The shell's name in vanish-web.sha256 (it is served at `/` and `/r/{roomId}`). */
  public static final String SHELL_NAME = "index.html";

  /** A tag of the template that loads a file of ours: &lt;script src="/assets/…"&gt; or &lt;link href="/assets/…"&gt;. */
  private static final Pattern LOADING_TAG = Pattern.compile(
      "<(script|link)\\b([^>]*?)\\s(src|href)=\"(/assets/[^\"]+)\"([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern REL = Pattern.compile("\\brel=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern FIRST_LOADING_TAG = Pattern.compile("<(script|link)\\b", Pattern.CASE_INSENSITIVE);

  private static volatile WebRelease builtIn;

  private final String version;
  private final Map<String, byte[]> assets;
  private final String folder;
  private final Map<String, byte[]> hashed;
  private final String importMap;
  private final byte[] shell;
  private volatile Map<String, WebFile> served;

  private WebRelease(String version, byte[] template, Map<String, byte[]> assets) {
    this.version = version;
    this.assets = Collections.unmodifiableMap(assets);
    this.folder = ASSETS + releaseId(assets) + "/";
    Map<String, byte[]> h = new TreeMap<>();
    assets.forEach((path, bytes) -> h.put(hashedPath(path), bytes));
    this.hashed = Collections.unmodifiableMap(h);
    this.importMap = importMap(folder, hashed);
    this.shell = render(new String(template, StandardCharsets.UTF_8), assets, this::hashedPath, importMap).getBytes(StandardCharsets.UTF_8);
  }

  /** The web client of this jar (read from the classpath once; every caller then shares it). */
  public static WebRelease builtIn() {
    WebRelease r = builtIn;
    if (r == null) {
      synchronized (WebRelease.class) {
        if (builtIn == null) builtIn = fromClasspath();
        r = builtIn;
      }
    }
    return r;
  }

  /** The release's version, e.g. 0.1.0 (from the build). */
  public String version() {
    return version;
  }

  /** The shell as served, integrity pinned: the same bytes for `/` and every room (not to be modified). */
  byte[] shellBytes() {
    return shell;
  }

  /** Every asset by its plain URL path (/assets/app.js → its bytes), sorted by path. */
  Map<String, byte[]> assets() {
    return assets;
  }

  /** Where an asset is served under this release's folder: /assets/app.js → /assets/&lt;release&gt;/app.js. */
  String hashedPath(String plainPath) {
    if (!plainPath.startsWith(ASSETS)) throw new IllegalArgumentException(plainPath);
    return folder + plainPath.substring(ASSETS.length());
  }

  /** An asset's bytes by either of its URL paths (plain or under this release's folder); null for any other path. */
  byte[] asset(String path) {
    byte[] b = assets.get(path);
    return b != null ? b : hashed.get(path);
  }

  /**
   * What WebRoutes serves, by URL path: the shell at "/", every asset at both of its paths, each with its gzip
   * bytes, ETag, type and caching computed once per release (by the first node of a JVM; vanish verify never).
   */
  Map<String, WebFile> served() {
    Map<String, WebFile> s = served;
    if (s == null) {
      synchronized (this) {
        if (served == null) {
          Map<String, WebFile> m = new LinkedHashMap<>();
          m.put("/", WebFile.of(shell, "text/html; charset=utf-8", WebFile.NO_CACHE));
          assets.forEach((path, bytes) -> {
            String type = WebFile.typeOf(path);
            m.put(path, WebFile.of(bytes, type, WebFile.NO_CACHE));
            m.put(hashedPath(path), WebFile.of(bytes, type, WebFile.IMMUTABLE));
          });
          served = Collections.unmodifiableMap(m);
        }
        s = served;
      }
    }
    return s;
  }

  /** The CSP source that allows the shell's one inline script, the import map: 'sha256-…'. */
  public String inlineScriptHash() {
    return "'sha256-" + Base64.getEncoder().encodeToString(digest("SHA-256", importMap.getBytes(StandardCharsets.UTF_8))) + "'";
  }

  /**
   * Every file the server serves for the page, by URL path: "/" (the shell) first, then the assets at their plain
   * paths, then the same under this release's folder.
   */
  Map<String, byte[]> files() {
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put("/", shell);
    all.putAll(assets);
    all.putAll(hashed);
    return all;
  }

  /**
   * The release's files in `sha256sum` format, as site-relative names (index.html, assets/app.js…), so that
   * files saved from a server under those names check with `sha256sum -c vanish-web.sha256`.
   */
  public String sha256sums() {
    StringBuilder out = new StringBuilder();
    out.append(hex(digest("SHA-256", shell))).append("  ").append(SHELL_NAME).append('\n');
    assets.forEach((path, bytes) -> out.append(hex(digest("SHA-256", bytes))).append("  ").append(path.substring(1)).append('\n'));
    return out.toString();
  }

  /** `java -cp vanish.jar dev.vanish.server.web.WebRelease [FILE]`: writes sha256sums() to FILE (or stdout). */
  public static void main(String[] args) throws IOException {
    String sums = builtIn().sha256sums();
    if (args.length == 0) System.out.print(sums);
    else Files.writeString(Paths.get(args[0]), sums, StandardCharsets.UTF_8);
  }

  // --- rendering

  static String sri(byte[] bytes) {
    return "sha384-" + Base64.getEncoder().encodeToString(digest("SHA-384", bytes));
  }

  private static boolean isModule(String path) {
    return path.endsWith(".js") || path.endsWith(".mjs");
  }

  /**
   * The release's folder name: 12 hex digits of a SHA-256 over every asset's path and bytes, so any change to any
   * asset makes a new folder (and caches keep the old one apart). 48 bits tell releases apart; the integrity
   * hashes, not this name, are what the browser checks.
   */
  private static String releaseId(Map<String, byte[]> assets) {
    MessageDigest all = sha256();
    assets.forEach((path, bytes) -> {
      all.update(path.getBytes(StandardCharsets.UTF_8));
      all.update((byte) 0);
      all.update(digest("SHA-256", bytes));
    });
    return hex(all.digest()).substring(0, 12);
  }

  /**
   * {"imports":{"/assets/":folder, folder:folder}, "integrity":{…}}: a module URL under /assets/ (an absolute
   * import('/assets/x.js'), a module of a page of an older release) is mapped into the release's folder, where the
   * integrity map pins it, and one already in the folder stays (the longer key wins: HTML's import-map resolution).
   */
  private static String importMap(String folder, Map<String, byte[]> assets) {
    StringBuilder json = new StringBuilder("{\"imports\":{\"").append(ASSETS).append("\":\"").append(folder).append("\",\"")
        .append(folder).append("\":\"").append(folder).append("\"},\n\"integrity\":{");
    boolean first = true;
    for (Map.Entry<String, byte[]> e : assets.entrySet()) {
      if (!isModule(e.getKey())) continue;
      json.append(first ? "\n" : ",\n").append('"').append(e.getKey()).append("\":\"").append(sri(e.getValue())).append('"');
      first = false;
    }
    return json.append("\n}}").toString();
  }

  private static String render(String template, Map<String, byte[]> assets, UnaryOperator<String> hashedPath,
                               String importMap) {
    Matcher m = LOADING_TAG.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String path = m.group(4);
      byte[] bytes = assets.get(path);
      if (bytes == null) throw new IllegalStateException(SHELL_RESOURCE + " loads " + path + ", which is not in " + ROOT + "assets/");
      String tag = m.group(0);
      if (tag.toLowerCase().contains(" integrity=")) {
        throw new IllegalStateException(SHELL_RESOURCE + ": write no integrity by hand (" + path + "); it is computed from the file");
      }
      Matcher rel = REL.matcher(tag);
      boolean isScript = m.group(1).equalsIgnoreCase("script");
      String relValue = rel.find() ? rel.group(1).toLowerCase() : "";
      // Only what the browser checks: scripts, stylesheets and (module) preloads; an icon or manifest link has none.
      boolean checked = isScript || relValue.contains("stylesheet") || relValue.contains("preload"); // and modulepreload
      // The tag loads the file from the release's folder (m.group(4) sits between the quotes of src/href).
      String moved = tag.substring(0, m.start(4) - m.start()) + hashedPath.apply(path) + tag.substring(m.end(4) - m.start());
      String pinned = checked ? moved.substring(0, moved.length() - 1) + " integrity=\"" + sri(bytes) + "\">" : moved;
      m.appendReplacement(out, Matcher.quoteReplacement(pinned));
    }
    m.appendTail(out);
    String html = out.toString();
    // The import map must come before anything loads a module (a preload, the entry script).
    Matcher first = FIRST_LOADING_TAG.matcher(html);
    if (!first.find()) throw new IllegalStateException(SHELL_RESOURCE + " loads no script");
    int at = html.lastIndexOf('\n', first.start()) + 1;
    String indent = html.substring(at, first.start());
    if (!indent.isBlank()) at = first.start();
    return html.substring(0, at) + "<script type=\"importmap\">" + importMap + "</script>\n" + html.substring(at);
  }

  // --- reading the classpath

  static WebRelease fromClasspath() {
    ClassLoader loader = WebRelease.class.getClassLoader();
    URL shellUrl = loader.getResource(SHELL_RESOURCE);
    if (shellUrl == null) throw new IllegalStateException(SHELL_RESOURCE + " is missing from the jar");
    Map<String, byte[]> assets = new TreeMap<>();
    try {
      byte[] template;
      try (InputStream in = shellUrl.openStream()) {
        template = in.readAllBytes();
      }
      if ("jar".equals(shellUrl.getProtocol())) {
        JarURLConnection c = (JarURLConnection) shellUrl.openConnection();
        c.setUseCaches(false);
        try (JarFile jar = c.getJarFile()) {
          for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
            JarEntry e = en.nextElement();
            String name = e.getName();
            if (e.isDirectory() || !name.startsWith(ROOT + "assets/") || hidden(name)) continue;
            try (InputStream in = jar.getInputStream(e)) {
              assets.put("/" + name.substring(ROOT.length()), in.readAllBytes());
            }
          }
        }
      } else if ("file".equals(shellUrl.getProtocol())) {
        Path dir = Paths.get(shellUrl.toURI()).getParent().resolve("assets");
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            String rel = dir.relativize(p).toString().replace('\\', '/');
            if (hidden(rel)) continue;
            assets.put(ASSETS + rel, Files.readAllBytes(p));
          }
        }
      } else {
        throw new IllegalStateException("cannot list " + ROOT + "assets/ in " + shellUrl);
      }
      return new WebRelease(readVersion(loader), template, assets);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the static handler does not serve (setIncludeHidden(false)): a name or folder starting with a dot. */
  private static boolean hidden(String path) {
    for (String part : path.split("/")) if (part.startsWith(".")) return true;
    return false;
  }

  private static String readVersion(ClassLoader loader) throws IOException {
    try (InputStream in = loader.getResourceAsStream("dev/vanish/server/version.properties")) {
      if (in == null) return "(unknown version)";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "(unknown version)");
    }
  }

  // --- hashing

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
