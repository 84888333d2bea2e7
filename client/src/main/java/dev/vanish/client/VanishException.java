// Every failure of the client as one exception with a Code mirroring the protocol's error codes (PROTOCOL.md §5)
// plus the client's own (bad link, unreachable server, ended room). getMessage() is one line fit for a user.
package dev.vanish.client;

import java.time.Duration;
import java.util.Optional;

public final class VanishException extends RuntimeException {

  public enum Code {
    INVALID_REQUEST("invalid_request"),
    /** The server speaks another protocol version than this client (v2 servers refuse v1 clients with it). */
    UNSUPPORTED_VERSION("unsupported_version"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    ROOM_NOT_FOUND("room_not_found"),
    NOT_FOUND("not_found"),
    /** A file (or chunk) that is not stored in the room (deleted, never finished uploading, room ended). */
    FILE_NOT_FOUND("file_not_found"),
    METHOD_NOT_ALLOWED("method_not_allowed"),
    ROOM_FULL("room_full"),
    /** A create whose chosen room id a live room holds already. */
    ROOM_EXISTS("room_exists"),
    /** A passphrase room joined without the passphrase ({@code attemptsLeft} in the answer). */
    PASSPHRASE_REQUIRED("passphrase_required"),
    /** A wrong passphrase, counted ({@code attemptsLeft} in the answer; at 0 the room was destroyed). */
    WRONG_PASSPHRASE("wrong_passphrase"),
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** A file larger than the server's VANISH_MAX_FILE_BYTES: refused by the client before any upload, or by the server. */
    FILE_TOO_LARGE("file_too_large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    URI_TOO_LONG("uri_too_long"),
    HEADERS_TOO_LARGE("headers_too_large"),
    RATE_LIMITED("rate_limited"),
    INTERNAL("internal"),
    UNAVAILABLE("unavailable"),
    STORAGE_FULL("storage_full"),
    /** Client side: a link (or server URL) that cannot be used: no key, a malformed key, not http(s). */
    BAD_LINK("bad_link"),
    /** Client side: the server could not be reached (connection refused, DNS, timeout). */
    UNREACHABLE("unreachable"),
    /** Client side: the session already ended (destroyed, expired, left, closed). */
    ROOM_ENDED("room_ended"),
    /** Client side: the server answered something the protocol does not allow. */
    PROTOCOL("protocol"),
    /**
     * Client side: a downloaded file that is not what its message promised (a chunk that fails to decrypt, a
     * wrong length or SHA-256): nothing of it was kept.
     */
    FILE_DAMAGED("file_damaged"),
    /** Client side: a file transfer cancelled by its caller, or a file that cannot be read or written locally. */
    FILE_FAILED("file_failed");

    private final String wire;

    Code(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The code for a protocol error string; PROTOCOL for an unknown one. */
    public static Code fromWire(String wire) {
      for (Code c : values()) if (c.wire.equals(wire)) return c;
      return PROTOCOL;
    }
  }

  private final Code code;
  private final Duration retryAfter;
  private final Integer attemptsLeft;

  public VanishException(Code code, String message) {
    this(code, message, null, null);
  }

  public VanishException(Code code, String message, Duration retryAfter, Throwable cause) {
    this(code, message, retryAfter, null, cause);
  }

  public VanishException(Code code, String message, Duration retryAfter, Integer attemptsLeft, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryAfter = retryAfter;
    this.attemptsLeft = attemptsLeft;
  }

  public Code code() {
    return code;
  }

  /** With RATE_LIMITED: how long to wait before sending again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * With PASSPHRASE_REQUIRED or WRONG_PASSPHRASE: how many wrong passphrases the room still takes before it
   * destroys itself (0: that was the last one, the room is gone).
   */
  public Optional<Integer> attemptsLeft() {
    return Optional.ofNullable(attemptsLeft);
  }

  /** True for failures worth retrying later with the same credentials. */
  public boolean isTransient() {
    return code == Code.UNAVAILABLE || code == Code.UNREACHABLE || code == Code.RATE_LIMITED || code == Code.INTERNAL
        || code == Code.STORAGE_FULL;
  }

  /** An error answered by the server (HTTP body or socket error frame), with a message for people. */
  public static VanishException fromServer(String wireCode, String serverMessage, Long retryAfterSeconds) {
    return fromServer(wireCode, serverMessage, retryAfterSeconds, null);
  }

  /** As {@link #fromServer(String, String, Long)} with a passphrase answer's attemptsLeft (null when absent). */
  public static VanishException fromServer(String wireCode, String serverMessage, Long retryAfterSeconds,
                                           Integer attemptsLeft) {
    Code code = Code.fromWire(wireCode);
    Duration retry = retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds);
    String detail = serverMessage == null || serverMessage.isBlank() ? wireCode : serverMessage;
    String message = switch (code) {
      case ROOM_FULL -> "room full: every seat is taken";
      // A wrong key answers like a missing room (the server does not tell which), so the sentence names both.
      case ROOM_NOT_FOUND -> "room not found or the link is wrong: it expired, was destroyed, never existed, "
          + "or the link's key does not open it";
      case UNAUTHORIZED -> "no longer a member of this room (the seat was freed)";
      case RATE_LIMITED -> "sending too fast" + (retry == null ? "" : ": retry in " + retry.toSeconds() + " s");
      case UNAVAILABLE -> "the server's storage is unavailable; try again shortly";
      case PAYLOAD_TOO_LARGE -> "message too large";
      // A file's declare names the budget that is full (the room's files, or the node's): its message says which.
      case STORAGE_FULL -> serverMessage == null || serverMessage.isBlank() ? "the server's storage is full; try again later"
          : "storage full: " + serverMessage;
      case FILE_TOO_LARGE -> "file too large: " + detail;
      case FILE_NOT_FOUND -> "the file is not on the server (it was cancelled, or went with its room)";
      case UNSUPPORTED_VERSION -> detail;
      case ROOM_EXISTS -> "a room with this id exists already";
      case PASSPHRASE_REQUIRED -> "this room needs its passphrase (--passphrase-file FILE or VANISH_PASSPHRASE)"
          + attempts(attemptsLeft);
      case WRONG_PASSPHRASE -> attemptsLeft != null && attemptsLeft == 0
          ? "wrong passphrase: that was the last attempt, the room is destroyed"
          : "wrong passphrase" + attempts(attemptsLeft) + " before the room is destroyed";
      default -> "server refused the request (" + wireCode + "): " + detail;
    };
    return new VanishException(code, message, retry, attemptsLeft, null);
  }

  private static String attempts(Integer left) {
    if (left == null) return "";
    return ": " + left + (left == 1 ? " attempt" : " attempts") + " left";
  }

  public static VanishException unreachable(String origin, Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new VanishException(Code.UNREACHABLE, "cannot reach the server at " + origin + ": " + why, null, cause);
  }

  public static VanishException badLink(String message) {
    return new VanishException(Code.BAD_LINK, message);
  }

  public static VanishException ended(EndReason reason) {
    return new VanishException(Code.ROOM_ENDED, "the room session has ended (" + reason.describe() + ")");
  }
}
