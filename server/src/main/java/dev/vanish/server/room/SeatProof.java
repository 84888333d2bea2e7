// What a join's signatures prove about the room (docs/PROTOCOL.md §4), decided in one place so the order of the
// answers is fixed: the link's signature first (a bad one reads as a missing room), then the passphrase's.
// check() verifies one or two Ed25519 signatures (0.6-1.3 ms each on JDK 17), so RoomService runs it on a worker.
package dev.vanish.server.room;

import dev.vanish.server.engine.RoomMeta;

enum SeatProof {
  /** The link's signature does not verify: answered as 404, like a missing room. */
  BAD_LINK_SIGNATURE,
  /** A passphrase room and no passphraseSignature: 401 passphrase_required, not counted. */
  PASSPHRASE_MISSING,
  /** A passphraseSignature for a room without a passphrase: 400, so a confused client hears it. */
  PASSPHRASE_UNEXPECTED,
  /** The passphrase's signature does not verify: counted, 403 wrong_passphrase. */
  PASSPHRASE_WRONG,
  /** Both proofs hold: the seat may be taken (capacity and the nonce are the engine's). */
  VALID;

  static SeatProof check(RoomMeta room, byte[] signed, RoomService.SeatRequest req) {
    if (!Ed25519.verify(room.publicKey(), signed, req.signature())) return BAD_LINK_SIGNATURE;
    if (!room.hasPassphrase()) return req.passphraseSignature() == null ? VALID : PASSPHRASE_UNEXPECTED;
    if (req.passphraseSignature() == null) return PASSPHRASE_MISSING;
    return Ed25519.verify(room.passphraseKey(), signed, req.passphraseSignature()) ? VALID : PASSPHRASE_WRONG;
  }
}
