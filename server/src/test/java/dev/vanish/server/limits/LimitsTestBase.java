package dev.vanish.server.limits;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.RunningBackend;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real nodes with tiny abuse limits (3 per 2 s) on one backend, started once per test class, and the raw
 * HTTP helpers the limit tests share (a chosen X-Forwarded-For, the 429 shape).
 *
 * Node "proxied" trusts 127.0.0.1 as a proxy, so each test picks its own client address with
 * X-Forwarded-For and the tests' buckets stay apart; node "direct" trusts no one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LimitsTestBase {

  static final Rate TINY = new Rate(3, 2_000);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  protected RunningBackend running;
  protected String prefix;
  protected TestNode proxied;
  protected TestNode direct;


  protected ServerConfig config(List<String> trustedProxies) {
    ServerConfig c = TestNode.testConfig();
    Hardening h = c.hardening().withRates(TINY, TINY, TINY, new Rate(2, 1_000)).withSocketsPerIp(3)
        .withTrustedProxies(trustedProxies).withLookups(TINY);
    c = c.withHardening(h);
    return running.usesRedis() ? c.withRedis(running.redisUrl(), prefix) : c;
  }

  /** Starts both nodes on {@code backend} (the subclass says when: once per class or per class invocation). */
  protected void startNodes(RunningBackend backend) {
    running = backend;
    prefix = "t" + Ids.random(6);
    proxied = TestNode.start(config(List.of("127.0.0.1", "::1")));
    direct = TestNode.start(config(List.of("10.0.0.0/8")));
  }

  protected void stopNodes() {
    if (proxied != null) proxied.close();
    if (direct != null) direct.close();
    if (running != null) running.close();
  }

  /** A client address of its own for one test (TEST-NET-2, never a real client). */
  static String freshIp() {
    return "198.51.100." + NEXT_IP.getAndIncrement();
  }

  static HttpResponse<String> call(TestNode node, String method, String path, String xff, String token, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (xff != null) b.header("X-Forwarded-For", xff);
    if (token != null) b.header("Authorization", "Bearer " + token);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  record Made(String roomId, byte[] key) {}

  static HttpResponse<String> create(TestNode node, String xff, byte[] key) {
    return call(node, "POST", "/api/v1/rooms", xff, null,
        TestCrypto.createRequest(key).put("capacity", 10));
  }

  static Made room(TestNode node, String xff) {
    byte[] key = TestCrypto.newRoomKey();
    HttpResponse<String> r = create(node, xff, key);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new Made(new JsonObject(r.body()).getString("roomId"), key);
  }

  static HttpResponse<String> join(TestNode node, String xff, Made room) {
    HttpResponse<String> c = call(node, "GET", "/api/v1/rooms/" + room.roomId() + "/challenge", xff, null, null);
    assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
    String challenge = new JsonObject(c.body()).getString("challenge");
    return call(node, "POST", "/api/v1/rooms/" + room.roomId() + "/members", xff, null,
        TestCrypto.joinRequest(room.key(), room.roomId(), challenge));
  }

  static Api.Member seat(TestNode node, String xff, Made room) {
    HttpResponse<String> r = join(node, xff, room);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject j = new JsonObject(r.body());
    return new Api.Member(room.roomId(), room.key(), j.getString("memberId"), j.getString("token"));
  }

  /** Checks a 429 and returns its Retry-After in seconds. */
  static long limited(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("rate_limited");
    assertThat(new JsonObject(r.body()).getString("message")).isNotBlank();
    long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    // 3 per 2 s refills a token every 667 ms: the wait, rounded up to whole seconds, is 1 (2 at most).
    assertThat(retry).isBetween(1L, 2L);
    return retry;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
