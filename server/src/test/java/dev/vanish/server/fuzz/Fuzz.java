package dev.vanish.server.fuzz;

import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared machinery of the bad-input fuzz suite (issue 7): one real node on the memory engine per property
 * container, a raw HTTP call that times its answer, the check every answer must pass (a documented status,
 * the exact error shape {"error","message"}, never a 5xx) and the counters the suite reports.
 */
final class Fuzz {

  /** Inputs tried, over every container of the suite in this JVM. */
  static final AtomicInteger HTTP_INPUTS = new AtomicInteger();
  static final AtomicInteger SOCKET_FRAMES = new AtomicInteger();
  static final AtomicInteger SERVER_ERRORS = new AtomicInteger();

  /** Every error code of docs/PROTOCOL.md §5 with its status. */
  static final Map<String, Integer> CODES = Map.ofEntries(
      Map.entry("invalid_request", 400), Map.entry("unauthorized", 401), Map.entry("forbidden", 403),
      Map.entry("room_not_found", 404), Map.entry("not_found", 404), Map.entry("method_not_allowed", 405),
      Map.entry("room_full", 409), Map.entry("payload_too_large", 413), Map.entry("unsupported_media_type", 415), Map.entry("rate_limited", 429),
      // protocol v2
      Map.entry("unsupported_version", 400), Map.entry("room_exists", 409), Map.entry("passphrase_required", 401),
      Map.entry("wrong_passphrase", 403));

  /** An answer must arrive within this; longer counts as a hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private Fuzz() {}

  /** A node with a long seat grace, so the fuzzing member keeps its seat while only bad input flows. */
  static TestNode startNode() {
    return TestNode.start(TestNode.testConfig().withLimits(1, 1000, 600));
  }

  static int roomCount(TestNode node) {
    return ((MemoryEngine) node.server().verticle().engine()).roomCount();
  }

  /** One HTTP exchange with full control of method, path, headers and body bytes; counted as one input. */
  static Api.Reply call(TestNode node, String method, String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(TIMEOUT);
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HTTP_INPUTS.incrementAndGet();
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 500) SERVER_ERRORS.incrementAndGet();
      return new Api.Reply(r.statusCode(), r.body(), r);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT + " to " + method + " " + path);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  /**
   * The answer is one of {@code allowed} statuses; below 400 it is a success and returned for the caller to
   * check; otherwise its body is exactly {"error","message"} with a documented code matching the status.
   */
  static Api.Reply check(Api.Reply r, Set<Integer> allowed, String what) {
    assertThat(r.status()).as("status of %s: %s", what, r.raw()).isLessThan(500).isIn(allowed);
    if (r.status() >= 400) assertErrorShape(r, what);
    return r;
  }

  static void assertErrorShape(Api.Reply r, String what) {
    assertThat(r.header("Content-Type")).as("content type of %s", what).startsWith("application/json");
    JsonObject j;
    try {
      j = new JsonObject(r.raw());
    } catch (RuntimeException e) {
      throw new AssertionError("error body of " + what + " is not a JSON object: " + r.raw());
    }
    assertThat(j.fieldNames()).as("fields of %s", what).containsExactlyInAnyOrder("error", "message");
    assertThat(j.getValue("message")).as("message of %s", what).isInstanceOf(String.class);
    assertThat(CODES).as("code of %s", what).containsEntry(j.getString("error"), r.status());
  }

  static void assertHealthy(TestNode node) {
    Api.Reply r = call(node, "GET", "/healthz", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("status")).isEqualTo("ok");
  }

  /** The one line the suite prints about itself. */
  static void report(String container) {
    System.out.println("fuzz (" + container + "): " + HTTP_INPUTS.get() + " HTTP inputs, " + SOCKET_FRAMES.get()
        + " socket frames, " + SERVER_ERRORS.get() + " server errors");
  }
}
