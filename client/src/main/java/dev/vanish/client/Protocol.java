// The protocol's numbers other than close codes, in one place (docs/PROTOCOL.md is the spec; this only names
// what it says): the documented server defaults a client falls back to for a field GET /api/v1/config leaves
// out (§4), and how many plaintext bytes fit a body of maxBodyChars characters (§2, §4). Close codes are in
// CloseCode. Nothing here talks to a server.
package dev.vanish.client;

final class Protocol {

  /** The server defaults of PROTOCOL.md §4; a live server's GET /api/v1/config wins field by field. */
  static final VanishClient.ServerLimits DOCUMENTED_LIMITS =
      new VanishClient.ServerLimits(600, 60, 86400, 2, 2, 50, 32768, 10L << 20, 64L << 20, 262_144);

  /** The largest history page a client may ask for ({@code limit}, §4); the server also caps a page at 1 MiB. */
  static final int MAX_HISTORY_PAGE = 500;

  /** What sealing adds to the plaintext: the 12-byte iv and the 16-byte GCM tag (§2). */
  static final int SEAL_OVERHEAD_BYTES = 12 + 16;

  private Protocol() {}

  /** Bytes of plaintext whose sealed body (base64url: 4 characters per 3 bytes) is at most maxBodyChars long. */
  static int maxPlainBytes(int maxBodyChars) {
    return Math.floorDiv(maxBodyChars * 3, 4) - SEAL_OVERHEAD_BYTES;
  }
}
