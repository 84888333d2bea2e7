// The one failure type of the server's domain: an ErrorCode, a sentence for people and, for rate_limited, the
// whole seconds to wait. Thrown or failed-with anywhere in a request's or a frame's path; each transport maps
// it at its edge (HTTP status and body, error frame and close code). Never carries a stack trace to a user:
// documented errors are built without one; an UNAVAILABLE keeps the backend failure it was declared for as its
// cause, for the log line.
package dev.vanish.server.error;

public final class VanishError extends RuntimeException {

  private final ErrorCode code;
  private final long retryAfterSeconds;
  private final int attemptsLeft;

  private VanishError(ErrorCode code, String message, long retryAfterSeconds, Throwable cause) {
    this(code, message, retryAfterSeconds, cause, -1);
  }

  private VanishError(ErrorCode code, String message, long retryAfterSeconds, Throwable cause, int attemptsLeft) {
    super(message, cause, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.attemptsLeft = attemptsLeft;
  }

  /** A v1 client: the one sentence of docs/PROTOCOL.md §5. */
  public static VanishError unsupportedVersion() {
    return of(ErrorCode.UNSUPPORTED_VERSION);
  }

  public static VanishError roomExists() {
    return of(ErrorCode.ROOM_EXISTS);
  }

  /** A passphrase room joined without the passphrase's signature; {@code attemptsLeft} before the room is destroyed. */
  public static VanishError passphraseRequired(int attemptsLeft) {
    return new VanishError(ErrorCode.PASSPHRASE_REQUIRED, ErrorCode.PASSPHRASE_REQUIRED.sentence(), 0, null, attemptsLeft);
  }

  /** A counted wrong passphrase; {@code attemptsLeft} after this one (0: the room was destroyed by it). */
  public static VanishError wrongPassphrase(int attemptsLeft) {
    String sentence = attemptsLeft == 0
        ? "The passphrase is wrong; that was the last attempt, and the room has been destroyed."
        : "The passphrase is wrong; " + attemptsLeft + (attemptsLeft == 1 ? " attempt remains" : " attempts remain")
            + " before the room is destroyed.";
    return new VanishError(ErrorCode.WRONG_PASSPHRASE, sentence, 0, null, attemptsLeft);
  }

  /** The code with its default sentence. */
  public static VanishError of(ErrorCode code) {
    return new VanishError(code, code.sentence(), 0, null);
  }

  /** The code with a sentence of its own (for invalid_request: naming the offending field). */
  public static VanishError of(ErrorCode code, String message) {
    return new VanishError(code, message, 0, null);
  }

  public static VanishError invalid(String message) {
    return of(ErrorCode.INVALID_REQUEST, message);
  }

  public static VanishError unauthorized() {
    return of(ErrorCode.UNAUTHORIZED);
  }

  public static VanishError unauthorized(String message) {
    return of(ErrorCode.UNAUTHORIZED, message);
  }

  public static VanishError forbidden(String message) {
    return of(ErrorCode.FORBIDDEN, message);
  }

  public static VanishError roomNotFound() {
    return of(ErrorCode.ROOM_NOT_FOUND);
  }

  public static VanishError roomFull() {
    return of(ErrorCode.ROOM_FULL);
  }

  /** @param what what there were too many of, e.g. "rooms created" */
  public static VanishError rateLimited(long retryAfterSeconds, String what) {
    return new VanishError(ErrorCode.RATE_LIMITED, "Too many " + what + "; try again in " + retryAfterSeconds + " s.",
        retryAfterSeconds, null);
  }

  /** The engine's backend failed (connection lost or refused, timeout, an error reply): declared by the engine. */
  public static VanishError unavailable(Throwable backendFailure) {
    return new VanishError(ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE.sentence(), 0, backendFailure);
  }

  /** The node's memory budget or Redis's maxmemory is reached: declared by the engine, nothing was stored. */
  public static VanishError storageFull() {
    return of(ErrorCode.STORAGE_FULL);
  }

  public static VanishError unavailable() {
    return of(ErrorCode.UNAVAILABLE);
  }

  public ErrorCode code() {
    return code;
  }

  /** For passphrase_required and wrong_passphrase: attempts left before the room is destroyed; else -1. */
  public int attemptsLeft() {
    return attemptsLeft;
  }

  /** For rate_limited: whole seconds to wait (Retry-After, retryAfter), else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
