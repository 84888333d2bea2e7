package dev.vanish.app.doctor;

import dev.vanish.app.HealthCommand;
import dev.vanish.server.testsupport.NginxProcess;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.RedisServerProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `vanish doctor` against real deployments — node processes, redis-servers and nginx started here — passes
 * against a node behind nginx set up as docs/DEPLOY.md says, and fails, naming the check and its fix, against
 * the usual mistakes: a proxy that drops the Upgrade header, /metrics passed through, a metrics listener
 * reachable on the address users reach, a Redis that writes to disk or evicts. `vanish health` too.
 */
class DoctorTest {

  private static final List<AutoCloseable> started = new ArrayList<>();
  private static RedisServerProcess redis;
  private static NodeProcess node;
  private static NodeProcess exposed;
  private static NginxProcess nginx;
  private static NginxProcess noUpgrade;
  private static NginxProcess metricsThrough;
  private static RedisServerProcess appendOnly;
  private static RedisServerProcess allKeysLru;
  private static int exposedMetricsPort;

  @BeforeAll
  static void start() throws IOException {
    redis = keep(new RedisServerProcess("--maxmemory", "64mb", "--maxmemory-policy", "noeviction"));
    appendOnly = keep(new RedisServerProcess("--appendonly", "yes", "--dir",
        Files.createTempDirectory("vanish-doctor-aof-").toString()));
    allKeysLru = keep(new RedisServerProcess("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"));
    // As docs/DEPLOY.md: behind a proxy on another port than 80/443, VANISH_PUBLIC_URL names the public address.
    // The two broken proxies' addresses are allowed origins, so each fails only by what it breaks.
    int publicPort = freePort();
    int noUpgradePort = freePort();
    int metricsThroughPort = freePort();
    Map<String, String> env = NodeProcess.testEnv(redis.url(), "doctor");
    env.put("VANISH_PUBLIC_URL", "http://127.0.0.1:" + publicPort);
    env.put("VANISH_ALLOWED_ORIGINS", "http://127.0.0.1:" + noUpgradePort + ",http://127.0.0.1:" + metricsThroughPort);
    // A node exposed directly, its metrics listener on every interface.
    exposedMetricsPort = freePort();
    Map<String, String> exposedEnv = NodeProcess.testEnv(null, null);
    exposedEnv.put("VANISH_HOST", "0.0.0.0");
    exposedEnv.put("VANISH_METRICS_ADDRESS", "0.0.0.0:" + exposedMetricsPort);
    CompletableFuture<NodeProcess> second = CompletableFuture.supplyAsync(() -> NodeProcess.start(exposedEnv));
    node = keep(NodeProcess.start(env));
    exposed = keep(second.join());
    List<String> upstream = List.of("127.0.0.1:" + node.port());
    nginx = keep(new NginxProcess(upstream, publicPort, UnaryOperator.identity()));
    noUpgrade = keep(new NginxProcess(upstream, noUpgradePort, conf -> without(conf,
        "proxy_set_header Upgrade $vanish_upgrade;", "proxy_set_header Connection $vanish_connection;")));
    String metricsListener = node.metricsBase().substring("http://".length());
    metricsThrough = keep(new NginxProcess(upstream, metricsThroughPort, conf -> replaced(conf,
        "return 404 '{\"error\":\"not_found\",\"message\":\"There is nothing at this address.\"}';",
        "proxy_pass http://" + metricsListener + ";")));
  }

  @AfterAll
  static void stop() throws Exception {
    Collections.reverse(started);
    for (AutoCloseable c : started) c.close();
  }

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    /** The one line of a check. */
    String line(String check) {
      List<String> found = lines().stream().filter(l -> l.length() > 2 && l.substring(2).startsWith(check + ":")).toList();
      assertThat(found).as("the line of '" + check + "' in:\n" + out).hasSize(1);
      return found.get(0);
    }
  }

  static Run doctor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new DoctorCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A port nothing listens on: the metrics port of a deployment that keeps it private. */
  private static String closedPort() {
    return String.valueOf(freePort());
  }

  @Test
  void passesAgainstANodeBehindNginxAsDeployMdSaysWithItsRedis() {
    Run r = doctor(nginx.base() + "/", "--redis-url", redis.url(), "--metrics-port", closedPort());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    List<String> checks = r.lines().subList(0, r.lines().size() - 1);
    assertThat(checks).as(r.out()).allMatch(l -> l.startsWith("✓ "));
    for (Checks.Check c : Checks.WEB) {
      if (!c.name().equals("HSTS")) r.line(c.name()); // HSTS applies over https only
    }
    assertThat(r.line("WebSocket through the proxy")).contains("hello → welcome", "echoed", "room destroyed");
    assertThat(r.line("Redis append-only file (AOF) off")).contains("appendonly is no");
    assertThat(r.line("Redis eviction policy noeviction")).startsWith("✓");
    assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo("all " + checks.size() + " checks passed");
  }

  @Test
  void failsNamingTheSocketCheckBehindAProxyThatDropsTheUpgrade() {
    Run r = doctor(noUpgrade.base(), "--metrics-port", closedPort(), "--json");
    assertThat(r.code()).isEqualTo(1);
    JsonObject report = new JsonObject(r.out());
    assertThat(report.getBoolean("ok")).isFalse();
    JsonObject socket = check(report, "WebSocket through the proxy");
    assertThat(socket.getString("status")).isEqualTo("fail");
    assertThat(socket.getString("detail")).contains("joining it");
    assertThat(socket.getString("fix")).contains("proxy_set_header Upgrade");
    // The origin row cannot tell without an upgrade: it says so instead of failing with another fix.
    assertThat(check(report, "a browser page may open its socket").getString("status")).isEqualTo("warn");
    assertThat(report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("status").equals("fail")).map(c -> c.getString("check"))).containsExactly("WebSocket through the proxy");
    // Everything that is not the socket still works through this proxy.
    assertThat(check(report, "page loads").getString("status")).isEqualTo("pass");
    assertThat(check(report, "/readyz answers 200").getString("status")).isEqualTo("pass");
  }

  @Test
  void failsWhenTheProxyPassesMetricsThrough() {
    Run r = doctor(metricsThrough.base(), "--metrics-port", closedPort());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.line("/metrics not served at this address")).startsWith("✗")
        .contains("answers Prometheus text").contains("Fix: Answer /metrics and everything under it with 404 at the proxy");
    assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo("1 of " + (r.lines().size() - 1) + " checks failed");
  }

  @Test
  void failsWhenTheMetricsListenerAnswersOnTheAddressUsersReach() {
    Optional<String> address = siteAddress();
    Assumptions.assumeTrue(address.isPresent(), "no non-loopback IPv4 address to reach the node at");
    Run r = doctor("http://" + address.get() + ":" + exposed.port() + "/", "--metrics-port", String.valueOf(exposedMetricsPort));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.line("metrics port not reachable")).startsWith("✗").contains("answers Prometheus text")
        .contains("Fix: Bind VANISH_METRICS_ADDRESS to loopback or an internal address");
    // The same listener seen from this machine's loopback cannot tell: a warning, not a failure.
    Run local = doctor(exposed.base(), "--metrics-port", String.valueOf(exposedMetricsPort));
    assertThat(local.line("metrics port not reachable")).startsWith("! ").contains("loopback");
  }

  @Test
  void failsOnARedisThatWritesToDiskOrEvictsRooms() {
    Run aof = doctor(nginx.base(), "--redis-url", appendOnly.url(), "--metrics-port", closedPort());
    assertThat(aof.code()).isEqualTo(1);
    assertThat(aof.line("Redis append-only file (AOF) off")).startsWith("✗").contains("appendonly is yes")
        .contains("Fix: run Redis with --appendonly no");
    assertThat(aof.line("Redis maxmemory set")).startsWith("✗").contains("Fix: set maxmemory");
    Run lru = doctor(nginx.base(), "--redis-url", allKeysLru.url(), "--metrics-port", closedPort());
    assertThat(lru.code()).isEqualTo(1);
    assertThat(lru.line("Redis eviction policy noeviction")).startsWith("✗").contains("allkeys-lru")
        .contains("silently evicts").contains("Fix: set maxmemory-policy noeviction");
    assertThat(lru.lines().stream().filter(l -> l.startsWith("✗"))).hasSize(1);
  }

  @Test
  void aBadUrlExitsTwo() {
    assertThat(doctor("not a url").code()).isEqualTo(2);
    assertThat(doctor(nginx.base(), "--redis-url", "http://redis").code()).isEqualTo(2);
  }

  @Test
  void healthIsZeroOnAReadyNodeAndOneOnAClosedPort() {
    StringWriter out = new StringWriter();
    int ready = new CommandLine(new HealthCommand()).setOut(new PrintWriter(out)).execute("--url", node.base());
    assertThat(ready).as(out.toString()).isZero();
    StringWriter closed = new StringWriter();
    int down = new CommandLine(new HealthCommand()).setOut(new PrintWriter(closed)).execute("--url", "http://127.0.0.1:" + closedPort());
    assertThat(down).isEqualTo(1);
    assertThat(closed.toString().strip().lines()).singleElement().asString().contains("connection refused");
  }

  @Test
  void docsDeployMdListsEveryCheck() throws IOException {
    String doc = Files.readString(java.nio.file.Path.of("..", "docs", "DEPLOY.md")); // Surefire runs in the module directory
    String section = doc.substring(doc.indexOf("## Check your deployment"));
    List<String> names = new ArrayList<>(Checks.WEB.stream().map(Checks.Check::name).toList());
    dev.vanish.server.engine.redis.RedisConfigCheck.ROWS.forEach(r -> names.add(r.name()));
    for (String name : names) assertThat(section).as(name).containsPattern("\\n\\| " + java.util.regex.Pattern.quote(name) + "( \\(https only\\))? \\|");
  }

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("check").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + report));
  }

  private static String without(String conf, String... lines) {
    for (String l : lines) conf = replaced(conf, l, "");
    return conf;
  }

  private static String replaced(String conf, String what, String with) {
    assertThat(conf).contains(what);
    return conf.replace(what, with);
  }

  /** This machine's first non-loopback IPv4 address, if it has one. */
  private static Optional<String> siteAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) continue;
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return Optional.of(a.getHostAddress());
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends AutoCloseable> T keep(T c) {
    started.add(c);
    return c;
  }
}
