package dev.vanish.server.http;

/**
 * A request that ends in a documented error: {@code {"error":code,"message":sentence}} with its HTTP status.
 * Thrown or failed-with anywhere in a request's path; the API's failure handler writes it. Never carries
 * a stack trace to the user.
 */
public final class ApiException extends RuntimeException {

  public final int status;
  public final String code;
  /** For rate_limited: whole seconds to wait (the Retry-After header), else 0. */
  public final long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  private ApiException(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException rateLimited(long retryAfterSeconds) {
    return rateLimited(retryAfterSeconds, "messages");
  }

  /** @param what what there were too many of, e.g. "rooms created" */
  public static ApiException rateLimited(long retryAfterSeconds, String what) {
    return new ApiException(429, "rate_limited",
        "Too many " + what + "; try again in " + retryAfterSeconds + " s.", retryAfterSeconds);
  }

  public static ApiException invalid(String message) { return new ApiException(400, "invalid_request", message); }

  public static ApiException unauthorized() {
    return new ApiException(401, "unauthorized", "A valid bearer token for a seat in this room is required.");
  }

  public static ApiException forbidden() {
    return new ApiException(403, "forbidden", "The access proof does not match this room's link.");
  }

  public static ApiException roomNotFound() {
    return new ApiException(404, "room_not_found", "This room does not exist: it expired, was destroyed or never existed.");
  }

  public static ApiException roomFull() {
    return new ApiException(409, "room_full", "Every seat in this room is taken.");
  }

  public static ApiException unavailable() {
    return new ApiException(503, "unavailable", "The server's storage cannot be reached right now; try again shortly.");
  }
}
