// `vanish health [--url URL]`: is the node on this machine ready? Exit 0 when GET /readyz answers 200 within
// about 3 s, else 1 with one line saying why. What a container's HEALTHCHECK runs (no curl in the image), so it
// starts cheaply: Main runs it before building the other commands, and the plain forms (no option, --url URL)
// skip even picocli and load nothing but java.base's HttpURLConnection (no Vert.x, no HttpClient): about 0.1 s
// of a JVM's time instead of 0.3 s (picocli) or 0.9 s (every command built). The default address is the node's own: VANISH_HOST (loopback
// when it is a wildcard or unset) and VANISH_PORT (8080 when unset), as `vanish serve` reads them.
package dev.vanish.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "health", mixinStandardHelpOptions = true,
    description = {"Check that the node at URL is ready: GET /readyz must answer 200 within about 3 s.",
        "Exit 0: ready. 1: not ready, or not answering (one line says why). For a container's HEALTHCHECK."})
public final class HealthCommand implements Callable<Integer> {

  /** Each of connecting and reading gets this long: at most about 3 s in all. */
  static final int TIMEOUT_MS = 1_500;
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "");

  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL",
      description = "The node's address (default http://127.0.0.1:8080, or VANISH_HOST/VANISH_PORT when set); "
          + "/readyz is asked unless the URL has a path of its own.")
  String url;

  /** Environment to read; tests replace it. */
  Map<String, String> env = System.getenv();

  /**
   * `vanish health` and `vanish health --url URL` without picocli; null for anything else (--help, a mistake),
   * which picocli then handles.
   */
  static Integer quick(String[] args, Map<String, String> env, java.io.PrintStream out) {
    String given;
    if (args.length == 0) given = null;
    else if (args.length == 2 && args[0].equals("--url")) given = args[1];
    else if (args.length == 1 && args[0].startsWith("--url=")) given = args[0].substring("--url=".length());
    else return null;
    HealthCommand cmd = new HealthCommand();
    cmd.url = given;
    cmd.env = env;
    PrintWriter w = new PrintWriter(out, true);
    return cmd.check(w);
  }

  @Override
  public Integer call() {
    return check(spec.commandLine().getOut());
  }

  private int check(PrintWriter out) {
    URI target;
    try {
      target = target(url != null ? url : defaultUrl(env));
    } catch (IllegalArgumentException e) {
      out.println("vanish health: not ready: " + e.getMessage());
      out.flush();
      return 1;
    }
    String verdict = probe(target);
    out.println(verdict == null ? "ready: " + target + " answered 200" : "vanish health: not ready: " + verdict);
    out.flush();
    return verdict == null ? 0 : 1;
  }

  /** http://VANISH_HOST:VANISH_PORT, loopback for a wildcard host. */
  static String defaultUrl(Map<String, String> env) {
    String host = env.getOrDefault("VANISH_HOST", "").trim();
    if (WILDCARDS.contains(host)) host = "127.0.0.1";
    else if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
    String port = env.getOrDefault("VANISH_PORT", "").trim();
    if (port.isEmpty()) port = "8080";
    if (port.equals("0")) throw new IllegalArgumentException("VANISH_PORT is 0 (a free port): give --url");
    return "http://" + host + ":" + port;
  }

  /**
   * The URL to ask: /readyz of the given address unless it names a path itself. Checked like WebVerifier.pageUrl,
   * but not by it: loading that class would bring Vert.x's JSON classes into the health check's JVM.
   */
  static URI target(String given) {
    URI u;
    try {
      u = new URI(given.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + given);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL with a host: " + given);
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/") ? "/readyz" : u.getRawPath();
    return URI.create(scheme + "://" + u.getRawAuthority() + path);
  }

  /** Null when the answer is 200; else why not, in a few words. */
  static String probe(URI target) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) target.toURL().openConnection();
      c.setConnectTimeout(TIMEOUT_MS);
      c.setReadTimeout(TIMEOUT_MS);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("User-Agent", "vanish-health");
      int status = c.getResponseCode();
      drain(status >= 400 ? c.getErrorStream() : c.getInputStream());
      return status == 200 ? null : target + " answered HTTP " + status + (status == 503 ? " (the node cannot reach its engine, Redis)" : "");
    } catch (ConnectException e) {
      return "nothing answers at " + target.getRawAuthority() + " (connection refused)";
    } catch (SocketTimeoutException e) {
      return target + " did not answer within " + TIMEOUT_MS / 1000.0 + " s";
    } catch (UnknownHostException e) {
      return "unknown host " + target.getHost();
    } catch (IOException | IllegalArgumentException e) {
      return "cannot ask " + target + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    } finally {
      if (c != null) c.disconnect();
    }
  }

  private static void drain(InputStream in) throws IOException {
    if (in == null) return;
    try (in) {
      in.readNBytes(64 * 1024);
    }
  }
}
