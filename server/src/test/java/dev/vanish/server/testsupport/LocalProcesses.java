package dev.vanish.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** What the helpers that start real processes (redis-server, nginx) share: a free port and a plain pause. */
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
