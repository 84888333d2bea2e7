// The one place a failure becomes an error code, for every transport and for the metrics: a VanishError is
// itself (documented errors and the outages engines declare); anything else is a bug, logged here once with
// its stack trace and where it happened (never a request, room or member), and reported as `internal`.
// Nothing is guessed from exception classes: an engine that meets a backend failure says so
// (VanishError.unavailable), so the same NullPointerException is `internal` over HTTP and over the socket.
package dev.vanish.server.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  /** The error to report for {@code failure}; logs it first when it is a bug. {@code where} is a fixed name. */
  public static VanishError classify(Throwable failure, String where) {
    if (failure instanceof VanishError e) {
      if (e.code() == ErrorCode.UNAVAILABLE && e.getCause() != null) {
        LOG.warn("engine unavailable in {}: {}", where, describe(e.getCause()));
      }
      return e;
    }
    LOG.error("unexpected failure in {}", where, failure);
    return VanishError.of(ErrorCode.INTERNAL);
  }


  /** A short, content-free description for logs: the failure's class and message, never a request. */
  public static String describe(Throwable f) {
    String msg = f.getMessage();
    return f.getClass().getSimpleName() + (msg == null ? "" : ": " + (msg.length() > 160 ? msg.substring(0, 160) : msg));
  }
}
