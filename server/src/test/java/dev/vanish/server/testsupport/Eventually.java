// Waiting for something that happens on another thread or process: probe until a condition holds or the time
// is up, then fail naming what was awaited and the last value seen — instead of a bare assertion on a stale
// value after a hand-written polling loop. Returns the value that satisfied the condition.
package dev.vanish.server.testsupport;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

public final class Eventually {

  /** How often {@link #until(String, Duration, Supplier, Predicate)} probes. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(20);

  private Eventually() {}

  /** Probes every 20 ms until {@code done} accepts the probe's value; fails after {@code timeout}. */
  public static <T> T until(String awaited, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
    return until(awaited, timeout, DEFAULT_POLL, probe, done);
  }

  /**
   * Probes every {@code poll} until {@code done} accepts the probe's value and returns that value. A probe that
   * throws counts as not done yet (the exception is kept as the last thing seen). After {@code timeout} it
   * throws an AssertionError naming {@code awaited} and the last value (or exception) seen.
   */
  public static <T> T until(String awaited, Duration timeout, Duration poll, Supplier<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object lastSeen = "(nothing yet)";
    while (true) {
      try {
        T value = probe.get();
        if (done.test(value)) return value;
        lastSeen = value;
      } catch (RuntimeException notYet) {
        lastSeen = notYet;
      }
      if (System.nanoTime() - deadline >= 0) {
        AssertionError failure = new AssertionError("waited " + timeout.toMillis() + " ms for " + awaited
            + "; last seen: " + lastSeen);
        if (lastSeen instanceof Throwable t) failure.initCause(t);
        throw failure;
      }
      pause(poll);
    }
  }

  /** Waits until {@code condition} holds (a probe of true/false); fails after {@code timeout}. */
  public static void untilTrue(String awaited, Duration timeout, Supplier<Boolean> condition) {
    until(awaited, timeout, condition, Boolean.TRUE::equals);
  }

  private static void pause(Duration poll) {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
