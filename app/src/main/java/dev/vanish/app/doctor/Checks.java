// What `vanish doctor` checks, one row each: a name, how it is run against the Deployment, and the fix in one
// sentence for when it fails. A variant is a row, never a branch in the command: a header is a row, HSTS is a
// row that applies over https only, the Redis rules are RedisConfigCheck's rows (the ones a starting node
// judges its Redis by). A row answers PASS, FAIL or WARN (known to be uncheckable from here: not a failure),
// or null when it does not apply. docs/DEPLOY.md, "Check your deployment", lists the same rows.
package dev.vanish.app.doctor;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.BlockingVanish;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.Link;
import dev.vanish.server.engine.redis.RedisConfigCheck;
import dev.vanish.server.web.WebRelease;
import dev.vanish.server.web.WebVerifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

final class Checks {

  private Checks() {}

  enum Status { PASS, FAIL, WARN }

  record Result(Status status, String detail) {
    static Result pass(String detail) {
      return new Result(Status.PASS, detail);
    }

    static Result fail(String detail) {
      return new Result(Status.FAIL, detail);
    }

    static Result warn(String detail) {
      return new Result(Status.WARN, detail);
    }
  }

  /** One row of the table. */
  record Check(String name, Function<Deployment, Result> run, String fix) {}

  /** A row's outcome, as printed. */
  record Line(String name, Result result, String fix) {}

  /** The default port of a node's metrics listener (VANISH_METRICS_ADDRESS). */
  static final int METRICS_PORT = 9464;
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4";

  static final List<Check> WEB = List.of(
      new Check("page loads", Checks::page,
          "Pass / and /r/… to the nodes at the proxy (proxy_pass to the nodes, docs/DEPLOY.md) and check that a node runs."),
      new Check("served over https", d -> d.https() ? Result.pass("https")
              : d.loopback() ? Result.pass("http on this machine's loopback (browsers allow WebCrypto on localhost)")
              : Result.fail("plain http: browsers give a page WebCrypto only over https (or on localhost), so the page cannot encrypt"),
          "Put TLS in front of the nodes (docs/DEPLOY.md, TLS) and give people the https:// address."),
      new Check("assets match this release", Checks::assets,
          "Run this release's vanish.jar, the same on every node, and keep the proxy from rewriting or caching old "
              + "copies of / and /assets/ (vanish verify URL names each file)."),
      new Check("WebSocket through the proxy", Checks::socket,
          "Pass the WebSocket upgrade on: proxy_http_version 1.1 and proxy_set_header Upgrade/Connection as in "
              + "docs/DEPLOY.md's nginx block (and proxy_read_timeout 1h)."),
      new Check("a browser page may open its socket", Checks::origin,
          "Set VANISH_PUBLIC_URL to this address on every node: a node accepts a page's socket only from its own origin, "
              + "which behind a proxy is the Host the proxy passes on (no port) unless VANISH_PUBLIC_URL says otherwise."),
      header("Content-Security-Policy", v -> v.contains("default-src"), "present, with default-src",
          "Let the node's Content-Security-Policy through: do not hide or replace it at the proxy (proxy_hide_header, add_header)."),
      header("X-Content-Type-Options", v -> v.equalsIgnoreCase("nosniff"), "nosniff",
          "Let the node's X-Content-Type-Options: nosniff through: do not hide or replace it at the proxy."),
      header("Referrer-Policy", v -> v.equalsIgnoreCase("no-referrer"), "no-referrer (a room's URL must not leak)",
          "Let the node's Referrer-Policy: no-referrer through: do not hide or replace it at the proxy."),
      new Check("framing refused", Checks::framing,
          "Let the node's X-Frame-Options: DENY and CSP frame-ancestors 'none' through: do not hide or replace them at the proxy."),
      header("Permissions-Policy", v -> !v.isBlank(), "present",
          "Let the node's Permissions-Policy through: do not hide or replace it at the proxy."),
      new Check("HSTS", d -> d.https() ? hsts(d) : null,
          "Set VANISH_PUBLIC_URL=https://… on every node (a node sends HSTS only then), or add Strict-Transport-Security at the proxy."),
      new Check("/metrics not served at this address", Checks::metricsPath,
          "Answer /metrics and everything under it with 404 at the proxy (location ^~ /metrics, docs/DEPLOY.md); "
              + "Prometheus scrapes each node's own metrics listener."),
      new Check("metrics port not reachable", Checks::metricsPort,
          "Bind VANISH_METRICS_ADDRESS to loopback or an internal address (the default is 127.0.0.1:9464) and firewall "
              + "its port from the outside."),
      new Check("/readyz answers 200", Checks::ready,
          "A 503 means the node cannot reach Redis (check VANISH_REDIS_URL and Redis, docs/REDIS.md); anything else, "
              + "that the proxy does not pass /readyz to the nodes."));

  /** The rows for --redis-url: RedisConfigCheck's, or one line when they cannot be judged. */
  static List<Line> redis(Deployment d) {
    Deployment.RedisReading r = d.redis();
    if (r.unreachable() != null) {
      return List.of(new Line("Redis reachable", Result.fail("cannot read its settings: " + r.unreachable()),
          "Check --redis-url: host, port, user and password, and rediss:// for TLS (with --redis-ca-file for a private CA)."));
    }
    if (r.refused() != null) {
      return List.of(new Line("Redis settings", Result.warn("could not check: Redis refused CONFIG GET (" + r.refused()
          + "), as managed Redis often does; make sure it keeps nothing on disk, has maxmemory and never evicts"), ""));
    }
    List<Line> lines = new ArrayList<>();
    for (RedisConfigCheck.Finding f : RedisConfigCheck.judge(r.config())) {
      Result res = switch (f.outcome().verdict()) {
        case OK -> Result.pass(f.outcome().detail());
        case BAD -> Result.fail(f.outcome().detail());
        case UNKNOWN -> Result.warn("could not check: " + f.outcome().detail());
      };
      lines.add(new Line(f.row().name(), res, f.row().fix()));
    }
    return lines;
  }

  /** Every row run against the deployment, in order; a row that throws fails with what it threw. */
  static List<Line> run(Deployment d) {
    List<Line> lines = new ArrayList<>();
    for (Check c : WEB) {
      Result r;
      try {
        r = c.run().apply(d);
      } catch (RuntimeException e) {
        r = Result.fail(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
      }
      if (r != null) lines.add(new Line(c.name(), r, c.fix()));
    }
    if (d.redisUrl != null) lines.addAll(redis(d));
    return lines;
  }

  // --- the rows

  private static Result page(Deployment d) {
    Deployment.Answer a = d.shell();
    String type = a.header("Content-Type");
    if (a.ok() && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      return Result.pass(d.page + " answered 200 (" + type + ")");
    }
    return Result.fail(d.page + " " + a.said() + (a.ok() ? ", not an HTML page" : ""));
  }

  private static Result assets(Deployment d) {
    WebRelease release = WebRelease.builtIn();
    try {
      WebVerifier.Report report = new WebVerifier(release).verify(d.page);
      if (report.unmodified()) return Result.pass("the page and every file it loads are Vanish " + release.version() + "'s");
      List<WebVerifier.Finding> f = report.findings();
      return Result.fail(f.size() + " file(s) are not this release's (Vanish " + release.version() + "): " + f.get(0).line()
          + (f.size() > 1 ? ", …" : ""));
    } catch (WebVerifier.Unreachable e) {
      return Result.fail(e.getMessage());
    }
  }

  /**
   * A throwaway room, as a user makes one: created with the shortest lifetime, joined with the real v2 protocol
   * (seat by signed challenge, socket hello → welcome), one message sent and its echo received, then destroyed.
   */
  private static Result socket(Deployment d) {
    BlockingVanish client = d.client();
    String step = "creating a room";
    Link link = null;
    try {
      int ttl = BlockingVanish.await(client.async().limits(d.origin)).minTtlSeconds();
      link = client.create(d.origin, ttl, null);
      step = "joining it (seat, then socket hello → welcome)";
      try (BlockingRoom room = client.join(link, "vanish doctor")) {
        step = "sending a message";
        room.send("vanish doctor: checking the socket");
        step = "waiting for its echo";
        Optional<ChatMessage> echo = room.next(Duration.ofSeconds(5));
        if (echo.isEmpty()) return Result.fail("room created and joined, but the message sent was not echoed within 5 s");
        step = "destroying the room";
        room.destroy();
      }
      return Result.pass("room created, hello → welcome, a message echoed, room destroyed");
    } catch (RuntimeException e) {
      String left = link == null ? "" : " (the room ends by itself in its shortest lifetime)";
      return Result.fail("failed " + step + ": " + e.getMessage() + left);
    }
  }

  /** An upgrade as a page of this address makes it (Origin: the address's origin): refused 403 or not. */
  private static Result origin(Deployment d) {
    URI socket = URI.create(d.origin.replaceFirst("^http", "ws") + "/api/v1/rooms/doctorOriginCheck/socket");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Deployment.CONNECT_TIMEOUT).build();
    try {
      WebSocket ws = http.newWebSocketBuilder().header("Origin", d.origin).connectTimeout(Deployment.CONNECT_TIMEOUT)
          .buildAsync(socket, new WebSocket.Listener() {}).get(Deployment.REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ws.abort(); // no hello: nothing is taken, nothing is counted
      return Result.pass("an upgrade with Origin " + d.origin + " was accepted");
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof WebSocketHandshakeException h) {
        int status = h.getResponse().statusCode();
        if (status == 403) return Result.fail("an upgrade with Origin " + d.origin + " was refused 403: browsers cannot open their socket");
      }
      // Any other failure is the upgrade's own, which the socket row reports with its fix.
      return Result.warn("could not check: the upgrade itself failed (" + (c instanceof WebSocketHandshakeException h
          ? "HTTP " + h.getResponse().statusCode() : c.getMessage()) + "), see \"WebSocket through the proxy\"");
    } catch (TimeoutException e) {
      return Result.fail("the upgrade got no answer within " + Deployment.REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted");
    }
  }

  private static Check header(String name, Predicate<String> good, String wanted, String fix) {
    return new Check(name, d -> {
      Deployment.Answer a = d.shell();
      if (a.failure() != null) return Result.fail("the page did not load: " + a.failure());
      String v = a.header(name);
      if (v == null) return Result.fail("missing on the page (want " + wanted + ")");
      return good.test(v) ? Result.pass(abbreviated(v)) : Result.fail("is \"" + abbreviated(v) + "\", want " + wanted);
    }, fix);
  }

  private static Result framing(Deployment d) {
    Deployment.Answer a = d.shell();
    if (a.failure() != null) return Result.fail("the page did not load: " + a.failure());
    String xfo = a.header("X-Frame-Options");
    String csp = a.header("Content-Security-Policy");
    boolean byCsp = csp != null && csp.replace(" ", "").contains("frame-ancestors'none'");
    boolean byXfo = xfo != null && (xfo.equalsIgnoreCase("DENY") || xfo.equalsIgnoreCase("SAMEORIGIN"));
    if (byCsp || byXfo) {
      return Result.pass((byCsp ? "frame-ancestors 'none'" : "") + (byCsp && byXfo ? ", " : "") + (byXfo ? "X-Frame-Options " + xfo : ""));
    }
    return Result.fail("neither CSP frame-ancestors 'none' nor X-Frame-Options DENY: another site could frame the page");
  }

  private static Result hsts(Deployment d) {
    Deployment.Answer a = d.shell();
    String v = a.header("Strict-Transport-Security");
    if (v == null) return Result.fail("no Strict-Transport-Security on the page");
    return v.toLowerCase(Locale.ROOT).matches(".*max-age=[1-9].*") ? Result.pass(v) : Result.fail("is \"" + v + "\", want a max-age");
  }

  private static boolean prometheus(Deployment.Answer a) {
    String type = a.header("Content-Type");
    return a.ok() && ((type != null && type.replace(" ", "").startsWith(PROMETHEUS_TYPE.replace(" ", "")))
        || a.body().contains("# TYPE ") || a.body().contains("# HELP "));
  }

  private static Result metricsPath(Deployment d) {
    for (String path : List.of("/metrics", "/metrics/")) {
      Deployment.Answer a = d.path(path);
      if (prometheus(a)) return Result.fail(d.origin + path + " answers Prometheus text: anyone can read the nodes' message timing");
    }
    Deployment.Answer a = d.path("/metrics");
    return Result.pass(d.origin + "/metrics " + a.said());
  }

  private static Result metricsPort(Deployment d) {
    String where = (d.host().contains(":") ? "[" + d.host() + "]" : d.host()) + ":" + d.metricsPort;
    Deployment.Answer a = d.probe(URI.create("http://" + where + "/metrics"), Duration.ofSeconds(3));
    if (!prometheus(a)) {
      return Result.pass(a.failure() != null ? "nothing serves metrics at " + where + " (" + a.failure() + ")"
          : where + " answers, but not with metrics");
    }
    if (d.loopback()) {
      return Result.warn("metrics answer at " + where + ", which is this machine's loopback: whether the port is reachable "
          + "from outside can only be told from another machine (run vanish doctor there)");
    }
    return Result.fail("http://" + where + "/metrics answers Prometheus text: anyone can read the node's message timing");
  }

  private static Result ready(Deployment d) {
    Deployment.Answer a = d.path("/readyz");
    return a.ok() ? Result.pass(d.origin + "/readyz answered 200") : Result.fail(d.origin + "/readyz " + a.said());
  }

  private static String abbreviated(String v) {
    return v.length() <= 60 ? v : v.substring(0, 57) + "…";
  }
}
