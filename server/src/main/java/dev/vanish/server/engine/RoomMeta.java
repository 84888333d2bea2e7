// A room as stored: its public keys (never the link's key K nor anything secret derived from it), its capacity,
// when it self-destructs (epoch ms), and the two counters the engine keeps atomically with their changes: failed
// passphrase attempts and the id through which history was trimmed.
package dev.vanish.server.engine;

/**
 * @param publicKey base64url raw Ed25519 public key of the link (protocol v2): what a seat's signature verifies with
 * @param passphraseKey base64url raw Ed25519 public key of the passphrase, or null for a room without one
 * @param attempts wrong passphrases that destroy the room (3–10); 0 for a room without a passphrase
 * @param failures wrong passphrases so far (over the room's whole life)
 * @param trimmedThrough every message with an id at or below it was dropped (history limit, room bytes); 0 = none
 */
public record RoomMeta(String roomId, String publicKey, String passphraseKey, int attempts, int capacity,
                       long expiresAt, int failures, long trimmedThrough) {

  /** A room as created: nothing failed, nothing trimmed. */
  public RoomMeta(String roomId, String publicKey, String passphraseKey, int attempts, int capacity, long expiresAt) {
    this(roomId, publicKey, passphraseKey, attempts, capacity, expiresAt, 0, 0);
  }

  /** A room without a passphrase, as created. */
  public RoomMeta(String roomId, String publicKey, int capacity, long expiresAt) {
    this(roomId, publicKey, null, 0, capacity, expiresAt);
  }

  public boolean hasPassphrase() {
    return passphraseKey != null;
  }

  /** Wrong passphrases that remain before the room is destroyed. */
  public int attemptsLeft() {
    return Math.max(0, attempts - failures);
  }
}
