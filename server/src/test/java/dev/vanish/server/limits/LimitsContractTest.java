package dev.vanish.server.limits;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every abuse limit answers 429 rate_limited with a sane Retry-After (or a rate_limited error frame on a
 * socket) and lets the client through again once it has waited that long; X-Forwarded-For counts only
 * from a trusted proxy. Tiny limits (3 per 2 s) keep it fast. Runs on both engines (see the subclasses).
 *
 * Node "proxied" trusts 127.0.0.1 as a proxy, so each test picks its own client address with
 * X-Forwarded-For and the tests' buckets stay apart; node "direct" trusts no one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LimitsContractTest {

  static final Rate TINY = new Rate(3, 2_000);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  protected RedisServerProcess redis;
  protected String prefix;
  protected TestNode proxied;
  protected TestNode direct;

  protected boolean useRedis() {
    return false;
  }

  protected ServerConfig config(List<String> trustedProxies) {
    ServerConfig c = TestNode.testConfig();
    Hardening h = c.hardening().withRates(TINY, TINY, TINY, new Rate(2, 1_000)).withSocketsPerIp(3)
        .withTrustedProxies(trustedProxies);
    c = c.withHardening(h);
    return redis == null ? c : c.withRedis(redis.url(), prefix);
  }

  @BeforeAll
  void start() {
    if (useRedis()) {
      redis = new RedisServerProcess();
      prefix = "t" + Ids.random(6);
    }
    proxied = TestNode.start(config(List.of("127.0.0.1", "::1")));
    direct = TestNode.start(config(List.of("10.0.0.0/8")));
  }

  @AfterAll
  void stop() {
    if (proxied != null) proxied.close();
    if (direct != null) direct.close();
    if (redis != null) redis.close();
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
        new JsonObject().put("accessHash", TestCrypto.accessHash(key)).put("capacity", 10));
  }

  static Made room(TestNode node, String xff) {
    byte[] key = TestCrypto.newRoomKey();
    HttpResponse<String> r = create(node, xff, key);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new Made(new JsonObject(r.body()).getString("roomId"), key);
  }

  static HttpResponse<String> join(TestNode node, String xff, Made room) {
    return call(node, "POST", "/api/v1/rooms/" + room.roomId() + "/members", xff, null,
        new JsonObject().put("accessProof", TestCrypto.accessProof(room.key())));
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

  @Test
  void roomCreationIsLimitedPerClientAndRecovers() {
    String ip = freshIp();
    for (int i = 0; i < 3; i++) room(proxied, ip);
    long retry = limited(create(proxied, ip, TestCrypto.newRoomKey()));
    // Another client behind the same proxy is not affected.
    room(proxied, freshIp());
    sleep(retry * 1000);
    room(proxied, ip);
  }

  @Test
  void seatTakingIsLimitedPerClientAndRecovers() {
    Made r = room(proxied, freshIp());
    String ip = freshIp();
    for (int i = 0; i < 3; i++) seat(proxied, ip, r);
    long retry = limited(join(proxied, ip, r));
    sleep(retry * 1000);
    seat(proxied, ip, r);
  }

  @Test
  void messagesAreLimitedPerMemberAndRecover() {
    String ip = freshIp();
    Made r = room(proxied, ip);
    Api.Member a = seat(proxied, ip, r);
    Api.Member b = seat(proxied, ip, r);
    Api api = proxied.api();
    for (int i = 0; i < 3; i++) assertThat(api.send(a, "m" + i).status()).isEqualTo(201);
    Api.Reply over = api.send(a, "too many");
    assertThat(over.status()).isEqualTo(429);
    assertThat(over.error()).isEqualTo("rate_limited");
    long retry = Long.parseLong(over.header("Retry-After"));
    assertThat(retry).isBetween(1L, 2L);
    // Another member of the same room has a bucket of its own.
    assertThat(api.send(b, "fine").status()).isEqualTo(201);
    sleep(retry * 1000);
    assertThat(api.send(a, "again").status()).isEqualTo(201);
  }

  @Test
  void typingIsLimitedWithAnErrorFrameAndRecovers() {
    String ip = freshIp();
    Made r = room(proxied, ip);
    Api.Member a = seat(proxied, ip, r);
    Api.Member b = seat(proxied, ip, r);
    try (TestSocket sa = TestSocket.joined(proxied.base(), a, null); TestSocket sb = TestSocket.joined(proxied.base(), b, null)) {
      for (int i = 0; i < 4; i++) sa.sendJson(new JsonObject().put("type", "typing"));
      JsonObject err = sa.await("error");
      assertThat(err.getString("error")).isEqualTo("rate_limited");
      assertThat(err.getLong("retryAfter")).isBetween(1L, 2L);
      assertThat(sb.await("typing").getString("memberId")).isEqualTo(a.memberId());
      sleep(err.getLong("retryAfter") * 1000 + 200);
      int before = (int) sb.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count();
      sa.sendJson(new JsonObject().put("type", "typing"));
      // The notice after the wait gets through: b sees one more typing frame than before.
      long end = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < end && sb.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count() <= before) {
        sb.poll("typing", 100);
      }
      assertThat(sb.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count()).isGreaterThan(before);
      assertThat(sa.isClosed()).isFalse();
    }
  }

  @Test
  void socketsPerAddressAreLimitedBeforeTheUpgradeAndFreedOnClose() throws Exception {
    String ip = freshIp();
    Made r = room(proxied, ip);
    int port = Integer.parseInt(proxied.base().replaceAll(".*:", ""));
    String path = "/api/v1/rooms/" + r.roomId() + "/socket";
    RawSocket[] open = new RawSocket[3];
    for (int i = 0; i < 3; i++) {
      open[i] = new RawSocket(port, path, Map.of("X-Forwarded-For", ip), 0);
      assertThat(open[i].status).isEqualTo(101);
    }
    try (RawSocket fourth = new RawSocket(port, path, Map.of("X-Forwarded-For", ip), 0)) {
      assertThat(fourth.status).isEqualTo(429);
      assertThat(Long.parseLong(fourth.headers.get("retry-after"))).isPositive();
    }
    try (RawSocket other = new RawSocket(port, path, Map.of("X-Forwarded-For", freshIp()), 0)) {
      assertThat(other.status).isEqualTo(101);
    }
    open[0].close();
    // Once the server saw one close, the address may open one again.
    long end = System.currentTimeMillis() + 10_000;
    int status = 0;
    while (System.currentTimeMillis() < end) {
      try (RawSocket again = new RawSocket(port, path, Map.of("X-Forwarded-For", ip), 0)) {
        status = again.status;
      }
      if (status == 101) break;
      sleep(100);
    }
    assertThat(status).isEqualTo(101);
    for (RawSocket s : open) s.close();
  }

  @Test
  void forwardedForIsIgnoredFromAnUntrustedPeer() {
    // "direct" trusts only 10.0.0.0/8: a client at 127.0.0.1 cannot pick its address by naming one.
    for (int i = 0; i < 3; i++) room(direct, "203.0.113." + i);
    long retry = limited(create(direct, "203.0.113.99", TestCrypto.newRoomKey()));
    sleep(retry * 1000);
    room(direct, null);
  }

  @Test
  void forwardedForWalksFromTheRightPastTrustedProxies() {
    // A client-written entry on the left, the real client, then a trusted hop: the real client is counted.
    String real = freshIp();
    for (int i = 0; i < 3; i++) room(proxied, "6.6.6." + i + ", " + real + ", 127.0.0.1");
    limited(create(proxied, "7.7.7.7, " + real, TestCrypto.newRoomKey()));
  }
}
