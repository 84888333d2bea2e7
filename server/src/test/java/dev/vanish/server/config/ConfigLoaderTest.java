package dev.vanish.server.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings come from flags (which win) or VANISH_* variables, and bad ones are named in one sentence. */
class ConfigLoaderTest {

  static ServerConfig load(Map<String, String> env, Map<String, String> flags) {
    return new ConfigLoader(env, flags::get).load();
  }

  @Test
  void defaults() {
    assertThat(load(Map.of(), Map.of())).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void environmentAndFlagsWithFlagsWinning() {
    ServerConfig c = load(
        Map.of("VANISH_PORT", "9000", "VANISH_MAX_CAPACITY", "10", "VANISH_REDIS_URL", "redis://localhost:6380/2",
            "VANISH_MIN_TTL_SECONDS", "1", "VANISH_SEAT_GRACE_SECONDS", "5"),
        Map.of("VANISH_PORT", "9100", "VANISH_HISTORY_LIMIT", "20"));
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.maxCapacity()).isEqualTo(10);
    assertThat(c.historyLimit()).isEqualTo(20);
    assertThat(c.minTtlSeconds()).isEqualTo(1);
    assertThat(c.seatGraceSeconds()).isEqualTo(5);
    assertThat(c.usesRedis()).isTrue();
  }

  @Test
  void badSettingsNameTheSetting() {
    assertThatThrownBy(() -> load(Map.of("VANISH_PORT", "eighty"), Map.of())).hasMessageContaining("VANISH_PORT");
    assertThatThrownBy(() -> load(Map.of("VANISH_PORT", "70000"), Map.of())).hasMessageContaining("VANISH_PORT");
    assertThatThrownBy(() -> load(Map.of("VANISH_MIN_TTL_SECONDS", "100", "VANISH_MAX_TTL_SECONDS", "50"), Map.of()))
        .hasMessageContaining("VANISH_MIN_TTL_SECONDS").hasMessageContaining("VANISH_MAX_TTL_SECONDS");
    assertThatThrownBy(() -> load(Map.of("VANISH_DEFAULT_TTL_SECONDS", "10"), Map.of())).hasMessageContaining("VANISH_DEFAULT_TTL_SECONDS");
    assertThatThrownBy(() -> load(Map.of("VANISH_MAX_CAPACITY", "1"), Map.of())).hasMessageContaining("VANISH_MAX_CAPACITY");
    assertThatThrownBy(() -> load(Map.of("VANISH_REDIS_URL", "http://x"), Map.of())).hasMessageContaining("VANISH_REDIS_URL");
    assertThatThrownBy(() -> load(Map.of("VANISH_REDIS_PREFIX", "has space"), Map.of())).hasMessageContaining("VANISH_REDIS_PREFIX");
  }

  @Test
  void passwordsAreRedacted() {
    assertThat(ConfigLoader.redact("rediss://default:s3cret@host:6379")).isEqualTo("rediss://***@host:6379").doesNotContain("s3cret");
  }
}
