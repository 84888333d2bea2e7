package dev.vanish.server.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory engine's limiter arithmetic (redis/rate_limit.lua is the same, tested through the nodes). */
class GcraTest {

  @Test
  void burstThenSteadyRateThenForgotten() {
    Gcra g = new Gcra();
    long t = 1_000_000;
    // 20 per 2 s: a burst of 20, then one every 100 ms.
    for (int i = 0; i < 20; i++) assertThat(g.hit("k", 20, 2000, t)).isZero();
    assertThat(g.hit("k", 20, 2000, t)).isEqualTo(100);
    assertThat(g.hit("other", 20, 2000, t)).isZero();
    assertThat(g.hit("k", 20, 2000, t + 100)).isZero();
    assertThat(g.hit("k", 20, 2000, t + 150)).isEqualTo(50);
    g.sweep(t + 10_000);
    assertThat(g.size()).isZero();
  }

  @Test
  void aHitCanTakeManyTokensAtOnceAndNeverMoreThanTheBucket() {
    Gcra g = new Gcra();
    long t = 1_000_000;
    // 3 MiB per minute: a burst of 3 MiB, then 52 428.8 bytes a second (19.07 µs a byte).
    int limit = 3 << 20;
    for (int i = 0; i < 95; i++) assertThat(g.hit("ip", limit, 60_000, t, 33_024)).as("hit " + i).isZero();
    long wait = g.hit("ip", limit, 60_000, t, 33_024);
    assertThat(wait).isBetween(1L, 630L);
    assertThat(g.hit("ip", limit, 60_000, t + wait, 33_024)).isZero();
    assertThat(g.hit("ip", limit, 60_000, t + wait, 33_024)).isEqualTo(630); // 33 024 bytes take 630 ms to refill
    // Rounded up, so small costs are never free: 26 bytes are 0.5 ms, which rounding to the nearest would drop.
    Gcra small = new Gcra();
    for (int i = 0; i < 100; i++) assertThat(small.hit("k", limit, 60_000, t, 26)).isZero();
    assertThat(small.hit("k", limit, 60_000, t, limit)).isEqualTo(100);
    assertThat(g.hit("other", limit, 60_000, t, limit + 1L)).as("beyond the whole bucket").isEqualTo(60_000);
  }
}
