package dev.vanish.app.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.vanish.app.deploy.Tools.ROOT;
import static dev.vanish.app.deploy.Tools.brokenCopy;
import static dev.vanish.app.deploy.Tools.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's kit under deploy/ checked by the real tools, each of which must also refuse a deliberately
 * broken copy: Prometheus's promtool for the alert rules, systemd-analyze for the unit, the Kubernetes
 * schema check (tools/k8s-validate) for the manifests, Caddy for the Caddyfile. The container image and the
 * compose file run for real in DeployContainersTest.
 */
class DeployKitTest {

  private static final Duration TOOL = Duration.ofSeconds(60);
  static final Pattern METRIC = Pattern.compile("\\b((?:vanish|vertx|jvm|process|system|redis)_[a-z0-9_]+)");

  @Test
  void promtoolAcceptsTheAlertRulesAndRefusesABrokenCopy() throws Exception {
    String promtool = Tools.require("promtool", "apt-get install -y prometheus").toString();
    Path rules = ROOT.resolve("deploy/prometheus/alerts.yml");
    assertThat(run(TOOL, List.of(promtool, "check", "rules", rules.toString())).ok().output()).contains("SUCCESS");

    Path broken = brokenCopy(rules, "expr: up{job=\"vanish\"} == 0", "expr: up{job=\"vanish\"} ==");
    Tools.Result r = run(TOOL, List.of(promtool, "check", "rules", broken.toString()));
    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("FAILED");

    // And they fire when they should: promtool's rule unit tests (node down, Redis lost, storage full, 5xx).
    assertThat(run(TOOL, List.of(promtool, "test", "rules", ROOT.resolve("deploy/prometheus/alerts.test.yml").toString()))
        .ok().output()).contains("SUCCESS");
  }

  @Test
  void alertRulesCoverWhatTheIssueAsksForWithTheNodesMetricNames() throws Exception {
    String rules = Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml"));
    assertThat(rules).contains("alert: VanishNodeDown", "up{job=\"vanish\"} == 0",
        "alert: VanishRedisConnectionLost", "increase(vanish_engine_connection_lost_total[15m])",
        "alert: VanishStorageFull", "alert: VanishHttpErrorRate", "alert: VanishFanOutSlow",
        "histogram_quantile(0.99", "vanish_fanout_seconds_bucket");
    // Whether each name exists in a real node's /metrics: DeployContainersTest.
  }

  @Test
  void systemdAnalyzeVerifiesTheUnitAndRefusesABrokenCopy() throws Exception {
    String analyze = Tools.require("systemd-analyze", "apt-get install -y systemd").toString();
    Path unit = ROOT.resolve("deploy/systemd/vanish.service");
    // systemd-analyze exits 0 even for lines it ignores: a clean unit is one it says nothing about.
    Tools.Result clean = run(TOOL, List.of(analyze, "verify", unit.toString()));
    assertThat(clean.exit()).as(clean.output()).isZero();
    assertThat(clean.output()).as("systemd-analyze verify's findings").isBlank();

    Path broken = brokenCopy(unit, "ProtectSystem=strict", "ProtectSystem=stricter");
    assertThat(run(TOOL, List.of(analyze, "verify", broken.toString())).output())
        .contains("Failed to parse protect system value");

    String text = Files.readString(unit);
    assertThat(text).contains("DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
        "ProtectHome=yes", "CapabilityBoundingSet=\n", "RestrictAddressFamilies=", "SystemCallFilter=@system-service",
        "EnvironmentFile=", "-XX:+ExitOnOutOfMemoryError");
    assertThat(text).doesNotContainPattern("(?m)^MemoryDenyWriteExecute=yes"); // the JIT writes code and runs it
  }

  @Test
  void kubernetesManifestsMatchTheApiSchemasAndABrokenCopyDoesNot() throws Exception {
    String node = Tools.require("node", "apt-get install -y nodejs npm").toString();
    Path validator = ROOT.resolve("tools/k8s-validate");
    if (!Files.isDirectory(validator.resolve("node_modules/kubernetes-models"))) {
      String why = "tools/k8s-validate is not installed: cd tools/k8s-validate && npm ci";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    String validate = validator.resolve("validate.mjs").toString();
    Path manifests = ROOT.resolve("deploy/kubernetes/vanish.yaml");
    Tools.Result ok = run(TOOL, List.of(node, validate, manifests.toString(), ROOT.resolve("deploy/kubernetes/redis.yaml").toString())).ok();
    assertThat(ok.output()).contains("Deployment/vanish: valid", "Service/vanish: valid", "PodDisruptionBudget/vanish: valid",
        "Ingress/vanish: valid", "Deployment/vanish-redis: valid", "Service/vanish-redis: valid").doesNotContain("INVALID");

    // A misspelt field (which the API server's strict field validation refuses) and a wrong type.
    Path misspelt = brokenCopy(manifests, "readinessProbe:", "readinesProbe:");
    Tools.Result r1 = run(TOOL, List.of(node, validate, misspelt.toString()));
    assertThat(r1.exit()).as(r1.output()).isEqualTo(1);
    assertThat(r1.output()).contains("Deployment/vanish: INVALID", "readinesProbe");
    Path wrongType = brokenCopy(manifests, "replicas: 2", "replicas: two");
    Tools.Result r2 = run(TOOL, List.of(node, validate, wrongType.toString()));
    assertThat(r2.exit()).as(r2.output()).isEqualTo(1);
    assertThat(r2.output()).contains("Deployment/vanish: INVALID data/spec/replicas must be integer");

    String text = Files.readString(manifests);
    assertThat(text).contains("path: /readyz", "path: /healthz", "readOnlyRootFilesystem: true", "runAsNonRoot: true",
        "kind: PodDisruptionBudget", "kind: Ingress", "nginx.ingress.kubernetes.io/proxy-read-timeout");
  }

  @Test
  void caddyAcceptsTheCaddyfileAndRefusesABrokenCopy() throws Exception {
    String caddy = Tools.require("caddy", "apt-get install -y caddy").toString();
    Path caddyfile = ROOT.resolve("deploy/Caddyfile");
    Map<String, String> env = Map.of("VANISH_DOMAIN", "chat.example.org", "XDG_CONFIG_HOME", Files.createTempDirectory("caddy").toString(),
        "XDG_DATA_HOME", Files.createTempDirectory("caddy").toString());
    assertThat(run(TOOL, env, ROOT, List.of(caddy, "validate", "--adapter", "caddyfile", "--config", caddyfile.toString()))
        .ok().output()).contains("Valid configuration");
    Path broken = brokenCopy(caddyfile, "flush_interval -1", "flush_intervall -1");
    Tools.Result r = run(TOOL, env, ROOT, List.of(caddy, "validate", "--adapter", "caddyfile", "--config", broken.toString()));
    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("flush_intervall");
  }

  @Test
  void composesNginxConfigIsTheTestedTemplateFilledInForItsTwoNodes() throws Exception {
    String template = Files.readString(ROOT.resolve("server/src/test/resources/deploy/nginx.conf.template"));
    String expected = withoutHeader(template).lines()
        .map(l -> l.trim().startsWith("#") ? l : l.replace("{{NODES}}", "server vanish1:8080;\n    server vanish2:8080;")
            .replace("{{LISTEN}}", "8080").replace("{{ACCESS_LOG}}", "/dev/stdout"))
        .reduce("", (a, b) -> a + b + "\n");
    assertThat(withoutHeader(Files.readString(ROOT.resolve("deploy/nginx/vanish.conf")))).isEqualTo(expected);
  }

  @Test
  void grafanaDashboardIsJsonWhosePanelsQueryTheNodesMetrics() throws Exception {
    JsonObject dash = new JsonObject(Files.readString(ROOT.resolve("deploy/grafana/vanish.json")));
    assertThat(dash.getString("title")).isEqualTo("Vanish");
    JsonArray panels = dash.getJsonArray("panels");
    assertThat(panels).isNotEmpty();
    Set<String> metrics = dashboardMetrics();
    assertThat(metrics).contains("vanish_open_sockets", "vanish_messages_in_total", "vanish_fanout_seconds_bucket",
        "vanish_engine_connection_lost_total", "vanish_engine_errors_total", "vertx_http_server_requests_total");
    // Whether each exists in a real node's /metrics: DeployContainersTest.
  }

  /** Every metric name the dashboard's queries use. */
  static Set<String> dashboardMetrics() throws Exception {
    JsonObject dash = new JsonObject(Files.readString(ROOT.resolve("deploy/grafana/vanish.json")));
    Set<String> names = new TreeSet<>();
    for (Object p : dash.getJsonArray("panels")) {
      for (Object t : ((JsonObject) p).getJsonArray("targets")) names.addAll(metricNames(((JsonObject) t).getString("expr")));
    }
    return names;
  }

  /** Every metric name in the alert rules but Prometheus's own `up` and redis_exporter's redis_*. */
  static Set<String> alertMetrics() throws Exception {
    Set<String> names = metricNames(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml")));
    names.removeIf(n -> n.startsWith("redis_"));
    return names;
  }

  static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static String withoutHeader(String conf) {
    int i = 0;
    List<String> lines = conf.lines().toList();
    while (i < lines.size() && lines.get(i).startsWith("#")) i++;
    return String.join("\n", lines.subList(i, lines.size())) + "\n";
  }
}
