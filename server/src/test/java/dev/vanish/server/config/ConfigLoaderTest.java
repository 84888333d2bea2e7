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
  void hardeningSettings() {
    Hardening h = load(Map.of("VANISH_RATE_ROOMS", "5/30s", "VANISH_RATE_MESSAGES", "off", "VANISH_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,fd00::/8",
        "VANISH_PING_SECONDS", "10", "VANISH_IDLE_TIMEOUT_SECONDS", "30", "VANISH_PUBLIC_URL", "https://chat.example.org/",
        "VANISH_ACCESS_LOG", "true", "VANISH_SOCKETS_PER_IP", "0"), Map.of("VANISH_RATE_TYPING", "4/500ms")).hardening();
    assertThat(h.rooms()).isEqualTo(new Rate(5, 30_000));
    assertThat(h.seats()).isEqualTo(new Rate(60, 60_000));
    assertThat(h.messages().off()).isTrue();
    assertThat(h.typing()).isEqualTo(new Rate(4, 500));
    assertThat(h.trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "fd00::/8");
    assertThat(h.pingIntervalMs()).isEqualTo(10_000);
    assertThat(h.idleTimeoutMs()).isEqualTo(30_000);
    assertThat(h.publicUrl()).isEqualTo("https://chat.example.org");
    assertThat(h.https()).isTrue();
    assertThat(h.accessLog()).isTrue();
    assertThat(h.socketsPerIp()).isZero();
    assertThat(ServerConfig.defaults().hardening().messages()).isEqualTo(new Rate(20, 2_000));
  }

  @Test
  void storageBudgetsAndTheByteRate() {
    ServerConfig d = ServerConfig.defaults();
    assertThat(d.roomBytes()).isEqualTo(4L << 20);
    assertThat(d.memoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    assertThat(d.hardening().messageBytes()).isEqualTo(new Rate(3 << 20, 60_000));
    ServerConfig c = load(Map.of("VANISH_ROOM_BYTES", "1MiB", "VANISH_MEMORY_BUDGET", "off",
        "VANISH_RATE_MESSAGE_BYTES", "512KiB/10s"), Map.of());
    assertThat(c.roomBytes()).isEqualTo(1L << 20);
    assertThat(c.memoryBudget()).isZero();
    assertThat(c.memoryBudgetOn()).isFalse();
    assertThat(c.hardening().messageBytes()).isEqualTo(new Rate(512 << 10, 10_000));
    assertThat(load(Map.of("VANISH_MEMORY_BUDGET", "268435456"), Map.of()).memoryBudget()).isEqualTo(256L << 20);
    // Byte units belong to the byte rate only.
    assertThatThrownBy(() -> load(Map.of("VANISH_RATE_MESSAGES", "20KiB/1m"), Map.of()))
        .hasMessageContaining("VANISH_RATE_MESSAGES");
    for (String[] bad : new String[][] {{"VANISH_ROOM_BYTES", "1000"}, {"VANISH_ROOM_BYTES", "off"},
        {"VANISH_MEMORY_BUDGET", "lots"}, {"VANISH_MEMORY_BUDGET", "1KiB"}, {"VANISH_RATE_MESSAGE_BYTES", "1000/1s"},
        {"VANISH_RATE_MESSAGE_BYTES", "2GiB/1m"}}) {
      assertThatThrownBy(() -> load(Map.of(bad[0], bad[1]), Map.of())).as(bad[0] + "=" + bad[1])
          .isInstanceOf(ConfigLoader.BadSetting.class).hasMessageContaining(bad[0]);
    }
  }

  @Test
  void badHardeningSettingsNameTheSetting() {
    for (String[] bad : new String[][] {
        {"VANISH_RATE_ROOMS", "20 per minute"}, {"VANISH_RATE_SEATS", "0/1m"}, {"VANISH_RATE_MESSAGES", "5/2d"},
        {"VANISH_TRUSTED_PROXIES", "10.0.0.0/99"}, {"VANISH_TRUSTED_PROXIES", "proxy.local"},
        {"VANISH_PING_SECONDS", "0"}, {"VANISH_SOCKETS_PER_IP", "-1"}, {"VANISH_PUBLIC_URL", "ftp://x"},
        {"VANISH_ACCESS_LOG", "maybe"}, {"VANISH_LIMIT_SECRET", "short"}, {"VANISH_SLOW_READER_BYTES", "10"}}) {
      assertThatThrownBy(() -> load(Map.of(bad[0], bad[1]), Map.of())).as(bad[0] + "=" + bad[1])
          .isInstanceOf(ConfigLoader.BadSetting.class).hasMessageContaining(bad[0]);
    }
    assertThatThrownBy(() -> load(Map.of("VANISH_PING_SECONDS", "30", "VANISH_IDLE_TIMEOUT_SECONDS", "20"), Map.of()))
        .hasMessageContaining("VANISH_IDLE_TIMEOUT_SECONDS");
  }

  @Test
  void passwordsAreRedacted() {
    assertThat(ConfigLoader.redact("rediss://default:s3cret@host:6379")).isEqualTo("rediss://***@host:6379").doesNotContain("s3cret");
  }

  @Test
  void connectionSettingsAreReadInMillisecondsAndTheMetricsAddressAsHostAndPort() {
    Network n = load(Map.of("VANISH_HTTP_IDLE_TIMEOUT_SECONDS", "5", "VANISH_HEADER_TIMEOUT_SECONDS", "2",
        "VANISH_CONNECTIONS_PER_IP", "0", "VANISH_H2C", "on", "VANISH_METRICS_ADDRESS", "[::1]:0"), Map.of()).network();
    assertThat(n).isEqualTo(new Network(5_000, 2_000, 0, true, "[::1]:0"));
    assertThat(n.metricsHost()).isEqualTo("::1");
    assertThat(n.metricsPort()).isZero();
    assertThat(load(Map.of("VANISH_METRICS_ADDRESS", "off"), Map.of()).network().metricsAddress()).isNull();
    assertThat(load(Map.of(), Map.of("VANISH_METRICS_ADDRESS", "10.0.0.11:9464")).network().metricsHost()).isEqualTo("10.0.0.11");
    for (String bad : new String[] {"9464", ":9464", "localhost", "::1:9464", "127.0.0.1:x", "127.0.0.1:65536"}) {
      assertThatThrownBy(() -> load(Map.of("VANISH_METRICS_ADDRESS", bad), Map.of())).as(bad)
          .hasMessageContaining("VANISH_METRICS_ADDRESS must be host:port");
    }
    assertThatThrownBy(() -> load(Map.of("VANISH_HEADER_TIMEOUT_SECONDS", "0"), Map.of()))
        .hasMessageContaining("VANISH_HEADER_TIMEOUT_SECONDS");
  }
}
