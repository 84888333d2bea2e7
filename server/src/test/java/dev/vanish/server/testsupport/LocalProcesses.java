package dev.vanish.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the helpers that start real processes (redis-server, nginx) share: a free port, a plain pause, and the
 * one start-up wait (Eventually's, with a fail-fast exit check: a process that died is reported at once with
 * its log rather than after the whole timeout).
 */
final class LocalProcesses {

  private LocalProcesses() {}

  /** A port nothing listens on right now (the OS's pick). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code ready} holds (a probe that throws counts as not yet), polling every {@code pollMs}.
   * Fails at once with the log if {@code process} (when given) exited, and after {@code timeout} with the log.
   */
  static void awaitReady(String what, Process process, Duration timeout, long pollMs, BooleanSupplier ready,
      Supplier<String> log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) throw new IllegalStateException(what + ": the process exited: " + log.get());
      try {
        if (ready.getAsBoolean()) return;
      } catch (RuntimeException notYet) {
        // still starting
      }
      sleep(pollMs);
    }
    throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s: " + log.get());
  }

  /** Thread.sleep for polling loops, with the interrupt kept and turned into an unchecked failure. */
  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
