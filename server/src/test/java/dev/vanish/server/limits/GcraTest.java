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
}
