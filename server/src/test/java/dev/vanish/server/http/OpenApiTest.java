package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.FileApi;
import dev.vanish.server.testsupport.NodeTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml against the real server, both ways: every route the node's router registers (walked, its
 * /api/v1 sub-router included) is described there with each of its methods, and every operation described
 * there is served (a real request answers neither 405 nor the no-such-address 404 `not_found`); every GET route
 * answers HEAD too, with the GET's status and headers and no body. And the file passes a real OpenAPI 3.1
 * validator, Redocly CLI's lint (tools/openapi, installed by .ci/run with npm ci), which fails on broken copies:
 * a response without its description, a $ref to nothing.
 */
class OpenApiTest extends NodeTestBase {

  /** The module's working directory is server/. */
  private static final Path SPEC = Paths.get("..", "docs", "openapi.yaml");
  private static final Path TOOL = Paths.get("..", "tools", "openapi");
  private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch", "options", "trace");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** "GET /api/v1/rooms/{roomId}" for every method of every route of the public port. */
  private Set<String> registered() {
    Set<String> out = new TreeSet<>();
    walk(node.server().verticle().router(), "", out);
    return out;
  }

  private static void walk(Router router, String prefix, Set<String> out) {
    for (Route r : router.getRoutes()) {
      String path = r.getPath();
      if (r.getSubRouter() != null) {
        walk(r.getSubRouter(), prefix + path.replaceAll("/$", ""), out);
        continue;
      }
      // Handlers for every request (headers, failure handlers, the hidden /metrics) name no method. A route with
      // :params is a regex route inside Vert.x, but keeps its path.
      if (path == null || r.methods() == null || r.methods().isEmpty()) continue;
      String p = prefix + path.replaceAll(":(\\w+)", "{$1}") + (r.isExactPath() ? "" : "{path}");
      for (HttpMethod m : r.methods()) out.add(m.name() + " " + p);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> described() throws IOException {
    Map<String, Object> spec;
    try (InputStream in = Files.newInputStream(SPEC)) {
      spec = new Yaml().load(in);
    }
    assertThat(spec.get("openapi")).isEqualTo("3.1.0");
    Set<String> out = new TreeSet<>();
    ((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, item) -> item.keySet().stream()
        .filter(METHODS::contains).forEach(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + path)));
    return out;
  }

  @Test
  void everyRouteTheServerRegistersIsDescribedAndEveryDescribedOperationIsRegistered() throws IOException {
    Set<String> routes = registered();
    assertThat(routes).as("the walk sees the API and the page").contains("POST /api/v1/rooms", "GET /", "GET /assets/{path}",
        "GET /api/v1/rooms/{roomId}/socket", "PUT /api/v1/rooms/{roomId}/files/{fileId}/chunks/{i}");
    assertThat(described()).containsExactlyInAnyOrderElementsOf(routes);
    // HEAD wherever GET is (http.Reads).
    for (String r : routes) if (r.startsWith("GET ")) assertThat(routes).as(r).contains("HEAD " + r.substring(4));
  }

  private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    String error() {
      try {
        return new JsonObject(new String(body, StandardCharsets.UTF_8)).getString("error");
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private Answer call(String method, String path, String token, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (type != null) b.header("Content-Type", type);
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new Answer(r.statusCode(), headers, r.body());
  }

  @Test
  void everyDescribedOperationIsServedAndEachHeadIsItsGetWithoutABody() throws Exception {
    for (String op : described()) {
      String method = op.substring(0, op.indexOf(' '));
      String template = op.substring(op.indexOf(' ') + 1);
      // A room, a seat and a file with its one chunk of its own for each operation (a DELETE ends them).
      Api.Room room = api.createRoom(60, 2);
      Api.Member m = api.join(room);
      String fileId = FileApi.declared(api, m, 10);
      assertThat(FileApi.put(api, m, fileId, 0, new byte[38]).statusCode()).isEqualTo(204);
      String path = template.replace("{roomId}", room.roomId()).replace("{fileId}", fileId).replace("{i}", "0")
          .replace("{path}", "app.js");
      String type = method.equals("PUT") ? "application/octet-stream" : method.equals("POST") ? "application/json" : null;
      byte[] body = method.equals("PUT") ? new byte[38] : method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
      if (method.equals("HEAD")) {
        Answer get = call("GET", path, m.token(), null, null);
        Answer head = call("HEAD", path, m.token(), null, null);
        assertThat(head.status()).as(op).isEqualTo(get.status());
        assertThat(head.body()).as(op).isEmpty();
        assertThat(head.headers()).as(op + ": the GET's headers").isEqualTo(get.headers());
        assertThat(head.headers()).as(op).containsKey("content-length");
        assertThat(get.error()).as(op).isNotEqualTo("not_found");
      } else {
        Answer a = call(method, path, m.token(), type, body);
        assertThat(a.status()).as(op + ": " + new String(a.body(), StandardCharsets.UTF_8)).isNotEqualTo(405).isLessThan(500);
        assertThat(a.error()).as(op).isNotEqualTo("not_found");
      }
    }
  }

  // --- the validator

  private static Path redocly() {
    Path bin = TOOL.resolve("node_modules").resolve(".bin").resolve("redocly");
    if (!Files.isExecutable(bin)) {
      String why = "No Redocly CLI at " + bin + ": run npm ci --prefix tools/openapi (.ci/run does).";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
      Assumptions.abort(why);
    }
    return bin;
  }

  /** Redocly's lint of {@code file} under tools/openapi/redocly.yaml: its JSON report (totals, problems). */
  private static JsonObject lint(Path file) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(redocly().toString(), "lint", file.toString(), "--config",
        TOOL.resolve("redocly.yaml").toString(), "--format=json").redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("REDOCLY_TELEMETRY", "off");
    pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    JsonObject report = new JsonObject(out.substring(out.indexOf('{')));
    assertThat(p.exitValue()).as(out).isEqualTo(report.getJsonObject("totals").getInteger("errors") == 0 ? 0 : 1);
    return report;
  }

  private static List<String> rules(JsonObject report) {
    List<String> ids = new ArrayList<>();
    report.getJsonArray("problems").forEach(p -> ids.add(((JsonObject) p).getString("ruleId")));
    return ids;
  }

  @Test
  void aRealValidatorPassesTheFileAndFailsBrokenCopies(@TempDir Path dir) throws Exception {
    JsonObject real = lint(SPEC);
    assertThat(rules(real)).as(real.encodePrettily()).isEmpty();
    assertThat(real.getJsonObject("totals").getInteger("warnings")).isZero();

    String spec = Files.readString(SPEC);
    String described = "\"204\": { description: The seat is free; the token answers 401 from now on. }";
    assertThat(spec).contains(described);
    Path noDescription = dir.resolve("no-description.yaml");
    Files.writeString(noDescription, spec.replace(described, "\"204\": {}"));
    assertThat(rules(lint(noDescription))).contains("struct");

    String ref = "$ref: \"#/components/schemas/RoomInfo\"";
    assertThat(spec).contains(ref);
    Path badRef = dir.resolve("bad-ref.yaml");
    Files.writeString(badRef, spec.replace(ref, "$ref: \"#/components/schemas/RoomInformation\""));
    assertThat(rules(lint(badRef))).contains("no-unresolved-refs");
  }
}
