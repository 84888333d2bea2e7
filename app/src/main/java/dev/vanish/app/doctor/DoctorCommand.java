// `vanish doctor URL [--redis-url URL] [--json]`: checks a deployment from outside, as a user's browser would
// meet it, one line per row of Checks: ✓ or ✗ (and, for ✗, the fix in one sentence), ! for what cannot be
// told from here. Exit 0 when no row failed, 1 when one did, 2 for a bad URL.
package dev.vanish.app.doctor;

import dev.vanish.server.config.RedisUrl;
import dev.vanish.server.web.WebVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check a Vanish deployment from outside, as a user would: the page and its assets, a real room "
        + "over the WebSocket through the proxy, the security headers, /metrics kept private, /readyz; with "
        + "--redis-url also Redis's persistence and eviction settings. One line per check, with the fix for each failure.",
        "Exit 0: every check passed (! lines are warnings). 1: some check failed. 2: bad URL."})
public final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The deployment's address, e.g. https://chat.example.org/")
  String url;

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "Also check this Redis (redis://[user:pass@]host:port, rediss://… for TLS), the one VANISH_REDIS_URL names.")
  String redisUrl;

  @Option(names = "--redis-ca-file", paramLabel = "FILE", description = "PEM CA certificates to trust for rediss:// (as VANISH_REDIS_CA_FILE).")
  String redisCaFile;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + Checks.METRICS_PORT,
      description = "The nodes' metrics port (VANISH_METRICS_ADDRESS's), tried on URL's host: it must not answer (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--json", description = "Print the checks as one JSON object instead of lines.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI page;
    try {
      page = WebVerifier.pageUrl(url);
      if (redisUrl != null) RedisUrl.parse(redisUrl);
      if (metricsPort < 1 || metricsPort > 65535) throw new IllegalArgumentException("--metrics-port must be 1-65535");
    } catch (IllegalArgumentException e) {
      err.println("vanish doctor: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<Checks.Line> lines;
    try (Deployment d = new Deployment(page, metricsPort, redisUrl, redisCaFile)) {
      lines = Checks.run(d);
    }
    boolean ok = lines.stream().noneMatch(l -> l.result().status() == Checks.Status.FAIL);
    if (json) {
      out.println(json(page, ok, lines).encodePrettily());
    } else {
      lines.forEach(l -> out.println(line(l)));
      long failed = lines.stream().filter(l -> l.result().status() == Checks.Status.FAIL).count();
      long warned = lines.stream().filter(l -> l.result().status() == Checks.Status.WARN).count();
      out.println(ok ? "all " + (lines.size() - warned) + " checks passed" + (warned > 0 ? " (" + warned + " could not be checked)" : "")
          : failed + " of " + lines.size() + " checks failed");
    }
    out.flush();
    return ok ? 0 : 1;
  }

  /** "✓ name: detail", "✗ name: detail. Fix: …", "! name: detail". */
  static String line(Checks.Line l) {
    return switch (l.result().status()) {
      case PASS -> "✓ " + l.name() + ": " + l.result().detail();
      case WARN -> "! " + l.name() + ": " + l.result().detail();
      case FAIL -> "✗ " + l.name() + ": " + l.result().detail() + ". Fix: " + l.fix();
    };
  }

  private static JsonObject json(URI page, boolean ok, List<Checks.Line> lines) {
    JsonArray checks = new JsonArray();
    for (Checks.Line l : lines) {
      JsonObject c = new JsonObject().put("check", l.name()).put("status", l.result().status().name().toLowerCase())
          .put("detail", l.result().detail());
      if (l.result().status() == Checks.Status.FAIL) c.put("fix", l.fix());
      checks.add(c);
    }
    return new JsonObject().put("url", page.toString()).put("ok", ok).put("checks", checks);
  }
}
