package dev.vanish.server.limits;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every abuse limit answers 429 rate_limited with a sane Retry-After (or a rate_limited error frame on a
 * socket) and lets the client through again once it has waited that long; X-Forwarded-For counts only
 * from a trusted proxy. Tiny limits (3 per 2 s) keep it fast. Runs on the memory engine (counted on the node)
 * and on a private redis-server (counted in Redis); RedisLimitsAcrossNodesTest has what only Redis shows.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class LimitsContractTest extends LimitsTestBase {

  @Parameter
  Backend backend;

  // Not @BeforeAll: on a @ParameterizedClass that runs once before all invocations, before any backend is known.
  @BeforeParameterizedClassInvocation
  void start(Backend backend) {
    startNodes(backend.start());
  }

  @AfterParameterizedClassInvocation
  void stop() {
    stopNodes();
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
      Eventually.until("a typing frame at b after the wait", Duration.ofSeconds(5), Duration.ZERO, () -> {
        long seen = sb.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count();
        if (seen <= before) sb.poll("typing", 100);
        return seen;
      }, seen -> seen > before);
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
    int status = Eventually.until("a socket from " + ip + " accepted again after a close", Duration.ofSeconds(10),
        Duration.ofMillis(100), () -> upgradeStatus(port, path, ip), s -> s == 101);
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

  private static int upgradeStatus(int port, String path, String ip) {
    try (RawSocket again = new RawSocket(port, path, Map.of("X-Forwarded-For", ip), 0)) {
      return again.status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
