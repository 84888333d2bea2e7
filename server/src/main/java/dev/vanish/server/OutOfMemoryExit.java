// Never a wedged process (issue 14 point 3): an OutOfMemoryError anywhere ends the process with exit status 3
// (what the JVM's -XX:+ExitOnOutOfMemoryError uses) and one line on stderr, so a supervisor restarts it.
// Issue 14 saw an OOM on the event loop leave a node alive but answering nothing, /healthz included.
//
// Why in-process: `java -jar vanish.jar serve` cannot carry JVM flags (a manifest cannot set them), and
// ExitOnOutOfMemoryError is not a manageable flag (HotSpotDiagnosticMXBean.setVMOption refuses it). So:
// - the primary guard is a low-memory watchdog on the heap pools that GC collects into (the tenured/old
//   pool: MemoryPoolMXBean collection-usage threshold at 97 % of its maximum). That usage is measured after
//   a collection, so it only crosses when live data fills the heap — the state in which an OOM is thrown
//   somewhere, often inside Netty or Vert.x, which catch Throwable and log it (or not) and go on. The
//   notification comes on the JVM's own service thread, whoever hit the wall;
// - an OutOfMemoryError that does reach a handler is caught there too: the threads' default uncaught
//   handler, Vert.x's exception handler and the HTTP server's exception handler (VanishVerticle) call check.
// The line and the stream it goes to are built at install, so nothing needs allocating when memory is gone;
// Runtime.halt, not exit: shutdown hooks would need memory and time (a graceful stop waits up to 8 s) and
// could wait on the very thread that failed. In-process test nodes never install it (a test JVM must not
// halt); check does nothing then. OutOfMemoryExitTest: a node on a 48 MiB heap filled with messages exits
// with 3 and the line within seconds; without this it kept running.
package dev.vanish.server;

import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.NotificationEmitter;

public final class OutOfMemoryExit {

  /** The exit status, as -XX:+ExitOnOutOfMemoryError's. */
  public static final int STATUS = 3;
  /** Share of a collected heap pool still in use after a GC at which the heap counts as exhausted. */
  static final double THRESHOLD = 0.97;
  public static final String LINE = "vanish: out of memory; exiting (status " + STATUS + ") so a supervisor restarts the node";

  private static volatile boolean installed;
  private static final AtomicBoolean exiting = new AtomicBoolean();
  private static byte[] afterGc;
  private static byte[] thrown;
  private static FileOutputStream err;

  private OutOfMemoryExit() {}

  /** For `serve` only: from now on an exhausted heap or an OutOfMemoryError ends the process. */
  public static synchronized void install(Vertx vertx) {
    if (!installed) {
      afterGc = (LINE + " (heap still full after GC)\n").getBytes(StandardCharsets.UTF_8);
      thrown = (LINE + " (OutOfMemoryError thrown)\n").getBytes(StandardCharsets.UTF_8);
      err = new FileOutputStream(FileDescriptor.err);
      watchHeap();
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
        check(e);
        if (previous != null) previous.uncaughtException(t, e);
        else {
          System.err.print("Exception in thread \"" + t.getName() + "\" ");
          e.printStackTrace();
        }
      });
      installed = true;
    }
    vertx.exceptionHandler(e -> {
      check(e);
      // What Vert.x does without a handler: log it and go on.
      LoggerFactory.getLogger("vanish").error("Unhandled exception", e);
    });
  }

  /** Halts the process when {@code e} is (or was caused by) an OutOfMemoryError and the guard is installed. */
  public static void check(Throwable e) {
    if (!installed) return;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) halt(thrown);
    }
  }

  private static void watchHeap() {
    boolean any = false;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      long max = pool.getUsage().getMax();
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
        // Young pools support it too, but a full eden after a GC is normal; only the pool that keeps live data counts.
        if (pool.getName().contains("Eden") || pool.getName().contains("Survivor")) continue;
        pool.setCollectionUsageThreshold((long) (max * THRESHOLD));
        any = true;
      }
    }
    if (!any) return;
    ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((n, hb) -> {
      if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) halt(afterGc);
    }, null, null);
  }

  private static void halt(byte[] line) {
    if (exiting.compareAndSet(false, true)) {
      try {
        err.write(line);
        err.flush();
      } catch (IOException | RuntimeException ignored) {
        // nothing left to tell it with
      }
    }
    Runtime.getRuntime().halt(STATUS);
  }
}
