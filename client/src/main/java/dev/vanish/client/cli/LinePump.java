// Reads input lines on a daemon thread into a queue, so the command's main loop can wait for a line or for
// the room to end, whichever comes first (a blocked stdin read cannot be interrupted).
package dev.vanish.client.cli;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

final class LinePump {

  /** What {@link #poll} returns at end of input. */
  static final String EOF = new String("\u0000eof");

  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  LinePump(Supplier<String> source) {
    Thread t = new Thread(() -> {
      String line;
      while ((line = source.get()) != null) lines.add(line);
      lines.add(EOF);
    }, "vanish-stdin");
    t.setDaemon(true);
    t.start();
  }

  /** The next line, {@link #EOF} at the end, or empty when none came within the time. */
  Optional<String> poll(long millis) {
    try {
      return Optional.ofNullable(lines.poll(millis, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(EOF);
    }
  }
}
