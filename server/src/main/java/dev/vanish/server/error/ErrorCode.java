// The closed list of errors a Vanish server reports, with their wire names (docs/PROTOCOL.md §5): what a client
// branches on, over HTTP and over the socket alike. Each code carries its default sentence for people and
// whether retrying later can succeed. HTTP statuses (http.HttpStatuses) and close codes (realtime.CloseCodes)
// are mappings at those edges, never part of a code. The Java client's VanishException.Code has the same wire
// names and transient flags (ErrorCodesAgreeTest in the client module fails if they drift apart).
package dev.vanish.server.error;

public enum ErrorCode {
  INVALID_REQUEST("invalid_request", "The request is malformed.", false),
  /** A protocol v1 client (create or join without {@code "v":2}, or with v1's fields; a hello without v 2). */
  UNSUPPORTED_VERSION("unsupported_version", "This server speaks protocol v2: update your client.", false),
  UNAUTHORIZED("unauthorized", "A valid bearer token for a seat in this room is required.", false),
  /** A socket upgrade from a page of another origin (a wrong access proof reads as room_not_found instead). */
  FORBIDDEN("forbidden", "This request is not allowed from here.", false),
  /** Also a wrong access proof: a room id alone must not tell whether the room is alive. */
  ROOM_NOT_FOUND("room_not_found", "This room does not exist or the link is wrong: it expired, was destroyed, never existed, "
      + "or the link's key does not open it.", false),
  NOT_FOUND("not_found", "There is nothing at this address.", false),
  /** A file (or one of its chunks) that is not stored in this room (yet), or a fileId of the wrong shape. */
  FILE_NOT_FOUND("file_not_found", "This file is not stored in this room: it was deleted, never finished uploading, "
      + "or the room ended.", false),
  METHOD_NOT_ALLOWED("method_not_allowed", "This address does not accept this method.", false),
  ROOM_FULL("room_full", "Every seat in this room is taken.", false),
  /** A create whose client-chosen room id is held by a live room. */
  ROOM_EXISTS("room_exists", "A room with this id exists already; choose another id.", false),
  /** A passphrase room joined without a passphrase signature: not counted (carries attemptsLeft). */
  PASSPHRASE_REQUIRED("passphrase_required", "This room needs its passphrase.", false),
  /** A passphrase signature that does not verify: counted against the room's attempts (carries attemptsLeft). */
  WRONG_PASSPHRASE("wrong_passphrase", "The passphrase is wrong.", false),
  PAYLOAD_TOO_LARGE("payload_too_large", "The request body is larger than 64 KiB.", false),
  /** A file declared larger than VANISH_MAX_FILE_BYTES (the message names the limit). */
  FILE_TOO_LARGE("file_too_large", "The file is larger than this server takes.", false),
  /** A POST without Content-Type: application/json (a cross-site "simple" request cannot send that type). */
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", "Content-Type must be application/json.", false),
  URI_TOO_LONG("uri_too_long", "The request line is longer than the server reads.", false),
  HEADERS_TOO_LARGE("headers_too_large", "The request headers are larger than the server reads.", false),
  RATE_LIMITED("rate_limited", "Too many requests; try again shortly.", true),
  /**
   * The node's memory budget (VANISH_MEMORY_BUDGET) or Redis's maxmemory is reached: nothing was stored. Writes
   * succeed again as rooms expire or are destroyed; reads and open sockets keep working meanwhile.
   */
  STORAGE_FULL("storage_full", "The server's storage is full; try again when rooms have expired.", true),
  /** A server bug, never caused by bad input: logged once where it is turned into this code (Failures). */
  INTERNAL("internal", "Something went wrong on the server; nothing was changed by this request.", true),
  /** The engine's backend (Redis) cannot be reached, timed out or refused: declared by the engine itself. */
  UNAVAILABLE("unavailable", "The server's storage cannot be reached right now; try again shortly.", true);

  private final String wire;
  private final String sentence;
  private final boolean transientFailure;

  ErrorCode(String wire, String sentence, boolean transientFailure) {
    this.wire = wire;
    this.sentence = sentence;
    this.transientFailure = transientFailure;
  }

  /** The name on the wire: the {@code error} field of an HTTP error body or an error frame. */
  public String wire() {
    return wire;
  }

  /** The default one-sentence message for people. */
  public String sentence() {
    return sentence;
  }

  /** True when the same request may succeed later (back off and retry). */
  public boolean isTransient() {
    return transientFailure;
  }
}
