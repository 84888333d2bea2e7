// Backoff without a server: reconnect delays grow exponentially from the minimum to the maximum, each drawn
// from the upper half of its ceiling ("equal jitter"), and start over after a reset.
package dev.vanish.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

  private static Backoff backoff(long minMs, long maxMs) {
    return new Backoff(Duration.ofMillis(minMs), Duration.ofMillis(maxMs));
  }

  @Test
  void eachDelayLiesInTheUpperHalfOfACeilingThatDoublesUpToTheMaximum() {
    for (int run = 0; run < 200; run++) {
      Backoff b = backoff(100, 5000);
      long[] ceilings = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
      for (long ceiling : ceilings) {
        assertThat(b.nextDelayMs()).isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void theDelaysAreSpreadSoDroppedSessionsDoNotReconnectInLockstep() {
    Set<Long> seen = new HashSet<>();
    int low = 0, high = 0;
    for (int i = 0; i < 2000; i++) {
      long d = backoff(1000, 1000).nextDelayMs();
      seen.add(d);
      if (d < 750) low++;
      else high++;
    }
    assertThat(seen).hasSizeGreaterThan(300);
    assertThat(low).isGreaterThan(700);
    assertThat(high).isGreaterThan(700);
  }

  @Test
  void manyFailuresNeverOverflowPastTheMaximum() {
    Backoff b = backoff(1, 30_000);
    for (int i = 0; i < 1000; i++) assertThat(b.nextDelayMs()).isBetween(0L, 30_000L);
    assertThat(b.nextDelayMs()).isBetween(15_000L, 30_000L);
    assertThat(b.attempts()).isEqualTo(1001);
  }

  @Test
  void aResetStartsAgainFromTheMinimum() {
    Backoff b = backoff(100, 5000);
    for (int i = 0; i < 10; i++) b.nextDelayMs();
    b.reset();
    assertThat(b.attempts()).isZero();
    assertThat(b.nextDelayMs()).isBetween(50L, 100L);
    assertThat(b.nextDelayMs()).isBetween(100L, 200L);
  }

  @Test
  void aMaximumBelowTheMinimumIsRaisedToTheMinimumAndAZeroMinimumToOneMillisecond() {
    Backoff inverted = backoff(400, 100);
    for (int i = 0; i < 5; i++) assertThat(inverted.nextDelayMs()).isBetween(200L, 400L);
    Backoff zero = backoff(0, 0);
    for (int i = 0; i < 5; i++) assertThat(zero.nextDelayMs()).isBetween(0L, 1L);
  }
}
