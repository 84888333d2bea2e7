package dev.vanish.server.limits;

import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.RunningBackend;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the Redis engine shows of the abuse limits (LimitsContractTest runs the limits themselves on it):
 * they hold across nodes, because the buckets live in Redis, under keys that hold a keyed hash rather than the
 * address, and expire within a window.
 */
class RedisLimitsAcrossNodesTest extends LimitsTestBase {

  private RedisServerProcess redis;

  @BeforeAll
  void start() {
    redis = new RedisServerProcess();
    startNodes(RunningBackend.of(Backend.REDIS_7, redis));
  }

  @AfterAll
  void stop() {
    stopNodes();
  }

  @Test
  void twoNodesShareTheCreationLimit() {
    try (TestNode other = TestNode.start(config(List.of("127.0.0.1")))) {
      String ip = freshIp();
      room(proxied, ip);
      room(other, ip);
      room(proxied, ip);
      // Three hits spread over two nodes: the fourth is refused on either.
      limited(create(other, ip, TestCrypto.newRoomKey()));
      limited(create(proxied, ip, TestCrypto.newRoomKey()));
    }
  }

  @Test
  void limiterKeysHoldNoAddressAndExpire() {
    String ip = freshIp();
    room(proxied, ip);
    Map<String, String> dump = redis.dump();
    List<String> limitKeys = dump.keySet().stream().filter(k -> k.contains(":limit:")).toList();
    assertThat(limitKeys).isNotEmpty();
    assertThat(String.join("\n", dump.keySet()) + String.join("\n", dump.values())).doesNotContain(ip).doesNotContain("127.0.0.1");
    try (RespClient c = redis.client()) {
      for (String k : limitKeys) {
        Object pttl = c.call("PTTL", k);
        // -2: it already expired since the dump, which is fine too; never -1 (no expiry).
        assertThat(Long.parseLong(String.valueOf(pttl))).as(k).isNotEqualTo(-1L).isLessThanOrEqualTo(TINY.windowMs());
      }
    }
  }
}
