// The Redis URL forms VANISH_REDIS_URL accepts (docs/REDIS.md), as the settings loader checks them and as the
// engine turns them into client options — and that no form ever shows its password in a message.
package dev.vanish.server.engine.redis;

import dev.vanish.server.config.ConfigLoader;
import dev.vanish.server.config.ServerConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisTargetTest {

  private static ServerConfig load(Map<String, String> env) {
    return new ConfigLoader(env, name -> null).load();
  }

  @Test
  void clusterUrlsListSeedNodesThatShareCredentialsAndTls() {
    RedisTarget t = RedisTarget.parse("rediss-cluster://default:p%40ss@10.0.0.1:7000,redis-2.internal:7001", null);
    assertThat(t.cluster()).isTrue();
    assertThat(t.tls()).isTrue();
    assertThat(t.password()).isEqualTo("p@ss");
    assertThat(t.endpoints()).containsExactly("rediss://default:p%40ss@10.0.0.1:7000", "rediss://default:p%40ss@redis-2.internal:7001");
    RedisOptions o = t.options(4, 1000);
    assertThat(o.getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(o.getEndpoints()).hasSize(2);
    assertThat(o.getNetClientOptions().isSsl()).isTrue();
    assertThat(t.toString()).doesNotContain("p%40ss").doesNotContain("p@ss");
  }

  @Test
  void singleServerUrlsStayAsGiven() {
    RedisTarget plain = RedisTarget.parse("redis://:hunter2@127.0.0.1:6380/2", null);
    assertThat(plain.cluster()).isFalse();
    assertThat(plain.tls()).isFalse();
    assertThat(plain.password()).isEqualTo("hunter2");
    assertThat(plain.options(1, 1000).getType()).isEqualTo(RedisClientType.STANDALONE);
    assertThat(plain.options(1, 1000).getNetClientOptions().isSsl()).isFalse();
    RedisTarget tls = RedisTarget.parse("rediss://default:x@example.upstash.io:6379", "/etc/ca.pem");
    assertThat(tls.tls()).isTrue();
    assertThat(tls.options(1, 1000).getNetClientOptions().getTrustOptions()).isNotNull();
    assertThat(RedisTarget.parse("rediss://default:x@example.upstash.io:6379", null).options(1, 1000)
        .getNetClientOptions().getTrustOptions()).as("default: the JVM trust store").isNull();
  }

  @Test
  void badFormsAreRefusedWithoutEchoingTheUrl() {
    for (String bad : List.of("http://h:1", "redis-cluster://", "redis-cluster://u:hunter2@h1:1,,h2:2", "redis-cluster://h1")) {
      assertThatThrownBy(() -> RedisTarget.parse(bad, null)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("hunter2");
    }
    assertThat(RedisUrls.redact("redis-cluster://u:hunter2@h1:1,h2:2")).isEqualTo("redis-cluster://h1:1,h2:2");
  }

  @Test
  void theSettingsLoaderAcceptsClusterUrlsAndChecksTheCaFile() throws Exception {
    assertThat(load(Map.of("VANISH_REDIS_URL", "redis-cluster://127.0.0.1:7000,127.0.0.1:7001")).redisUrl())
        .startsWith("redis-cluster://");
    assertThatThrownBy(() -> load(Map.of("VANISH_REDIS_URL", "redis-cluster://:hunter2@h1:x")))
        .isInstanceOf(ConfigLoader.BadSetting.class).hasMessageContaining("VANISH_REDIS_URL").message().doesNotContain("hunter2");
    assertThatThrownBy(() -> load(Map.of("VANISH_REDIS_URL", "memcached://h:1")))
        .hasMessageContaining("redis-cluster://");
    Path ca = Files.createTempFile("vanish-ca", ".pem");
    try {
      assertThat(load(Map.of("VANISH_REDIS_URL", "rediss://h:1", "VANISH_REDIS_CA_FILE", ca.toString())).redisCaFile())
          .isEqualTo(ca.toString());
    } finally {
      Files.delete(ca);
    }
    assertThatThrownBy(() -> load(Map.of("VANISH_REDIS_CA_FILE", ca.toString())))
        .isInstanceOf(ConfigLoader.BadSetting.class).hasMessageContaining("VANISH_REDIS_CA_FILE");
    assertThat(load(Map.of()).redisCaFile()).isNull();
  }
}
