// The one Redis URL grammar (RedisUrl) that both the settings loader and the Redis engine use, and its one
// redactor: what a URL is made of, which forms are refused, and that no credentials survive redaction.
package dev.vanish.server.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

  @Test
  void aServerUrlHasOneNodeWhosePortDefaultsTo6379() {
    RedisUrl u = RedisUrl.parse(" rediss://default:s%3Acret@cache.internal/3 ");
    assertThat(u.tls()).isTrue();
    assertThat(u.cluster()).isFalse();
    assertThat(u.nodes()).containsExactly("cache.internal:6379");
    assertThat(u.password()).isEqualTo("s:cret");
    assertThat(u.endpoints()).containsExactly("rediss://default:s%3Acret@cache.internal/3");
    assertThat(RedisUrl.parse("redis://[::1]:6380").nodes()).containsExactly("[::1]:6380");
    assertThat(RedisUrl.parse("redis://h:1").password()).isNull();
  }

  @Test
  void aClusterUrlSharesItsCredentialsWithEverySeedNode() {
    RedisUrl u = RedisUrl.parse("redis-cluster://:pw@a:7000, b:7001/");
    assertThat(u.cluster()).isTrue();
    assertThat(u.tls()).isFalse();
    assertThat(u.nodes()).containsExactly("a:7000", "b:7001");
    assertThat(u.endpoints()).containsExactly("redis://:pw@a:7000", "redis://:pw@b:7001");
  }

  @Test
  void malformedUrlsAreRefusedWithoutEchoingThem() {
    for (String bad : List.of("", "http://h:1", "redis://", "redis://u:hunter2@h:99999", "redis://u:hunter2@h:1/db",
        "redis://u:hunter2@h:1?x=1", "rediss-cluster://u:hunter2@h1:1,h2", "redis-cluster://u:hunter2@")) {
      assertThatThrownBy(() -> RedisUrl.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("hunter2");
    }
  }

  @Test
  void redactionHidesTheCredentialsOfEveryRedisUrlInAText() {
    String text = "cannot use redis://u:hunter2@h:1 nor rediss-cluster://:hunter2@a:1,b:2 (see https://x@docs)";
    assertThat(RedisUrl.redact(text, "")).isEqualTo("cannot use redis://h:1 nor rediss-cluster://a:1,b:2 (see https://x@docs)");
    assertThat(RedisUrl.redact(text, "***@")).doesNotContain("hunter2").contains("redis://***@h:1");
    assertThat(RedisUrl.parse("rediss://default:hunter2@h:1").redacted()).isEqualTo("rediss://h:1");
    assertThat(RedisUrl.parse("rediss://default:hunter2@h:1").toString()).doesNotContain("hunter2");
    assertThat(RedisUrl.redact(null, "")).isNull();
  }
}
