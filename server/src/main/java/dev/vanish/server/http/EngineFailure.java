package dev.vanish.server.http;

/**
 * Tells an engine outage (connection refused or lost, timeouts, Redis errors) from a bug, so outages answer
 * 503 and bugs 500. Anything that is not a documented {@link ApiException} and not a programming error is
 * taken to come from the engine's backend.
 */
public final class EngineFailure {

  private EngineFailure() {}

  public static boolean is(Throwable f) {
    return !(f instanceof RuntimeException) || f instanceof io.vertx.core.VertxException
        || f.getClass().getName().startsWith("io.vertx.redis") || f instanceof IllegalStateException;
  }

  /** A short, content-free description for logs: the failure's class and message, never a request. */
  public static String describe(Throwable f) {
    String msg = f.getMessage();
    return f.getClass().getSimpleName() + (msg == null ? "" : ": " + (msg.length() > 160 ? msg.substring(0, 160) : msg));
  }
}
