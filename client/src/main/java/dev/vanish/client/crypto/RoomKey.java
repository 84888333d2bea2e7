// Everything a member derives from a link's key K, for one room (protocol v2, docs/PROTOCOL.md §2): the seat
// key pair (linkSeed → publicKey), and — from root, which depends on the passphrase and, through P's salt,
// on the roomId — the passphrase key pair, msgKey and the safety code. Computed once (PBKDF2 is slow on
// purpose) and held for the session's lifetime. Thread-safe.
package dev.vanish.client.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Optional;

public final class RoomKey {

  private final byte[] k;
  private final String roomId;
  private final boolean hasPassphrase;
  private final PrivateKey linkKey;
  private final byte[] linkSeed;
  private final PrivateKey passphrasePrivate;
  private final byte[] passphraseSeed;
  // The public keys only matter when creating a room: derived on first use (a JDK 17 Ed25519 key derivation
  // costs about as much as a signature, and a member taking a seat needs only the signature).
  private volatile String publicKey;
  private volatile String passphraseKey;
  private final String safetyCode;
  private final SecretKeySpec msgKeySpec;
  // Cipher objects are not thread-safe; sessions of one room may live on different event loops.
  private final ThreadLocal<Cipher> sealer = ThreadLocal.withInitial(VanishCrypto::newCipher);
  private final ThreadLocal<Cipher> opener = ThreadLocal.withInitial(VanishCrypto::newCipher);

  private RoomKey(byte[] k, String roomId, String passphrase) {
    if (k.length != VanishCrypto.KEY_BYTES) throw new IllegalArgumentException("a room key has 32 bytes");
    if (roomId == null || roomId.isEmpty()) throw new IllegalArgumentException("a room key belongs to a roomId");
    this.k = k.clone();
    this.roomId = roomId;
    this.hasPassphrase = passphrase != null;
    this.linkSeed = VanishCrypto.linkSeed(k);
    this.linkKey = VanishCrypto.ed25519Private(linkSeed);
    byte[] root = VanishCrypto.root(k, hasPassphrase ? VanishCrypto.passphraseBits(passphrase, roomId) : null);
    if (hasPassphrase) {
      this.passphraseSeed = VanishCrypto.passphraseSeed(root);
      this.passphrasePrivate = VanishCrypto.ed25519Private(passphraseSeed);
    } else {
      this.passphraseSeed = null;
      this.passphrasePrivate = null;
    }
    this.msgKeySpec = new SecretKeySpec(VanishCrypto.msgKey(root), "AES");
    this.safetyCode = VanishCrypto.safetyCode(root, roomId);
  }

  /** K for a room without a passphrase. */
  public static RoomKey of(byte[] k, String roomId) {
    return new RoomKey(k, roomId, null);
  }

  /** K for a room with a passphrase (null: none). Takes a few hundred milliseconds with one (PBKDF2). */
  public static RoomKey of(byte[] k, String roomId, String passphrase) {
    return new RoomKey(k, roomId, passphrase);
  }

  /** A fresh K and a fresh roomId, with an optional passphrase: what a creator makes. */
  public static RoomKey generate(String passphrase) {
    return new RoomKey(VanishCrypto.newRoomKey(), VanishCrypto.newRoomId(), passphrase);
  }

  /** A fresh K and roomId without a passphrase. */
  public static RoomKey generate() {
    return generate(null);
  }

  /** base64url(K): the link's fragment. */
  public String encoded() {
    return VanishCrypto.b64(k);
  }

  public String roomId() {
    return roomId;
  }

  public boolean hasPassphrase() {
    return hasPassphrase;
  }

  /** base64url of the raw Ed25519 public key of linkSeed: sent when the room is created. */
  public String publicKey() {
    String pk = publicKey;
    if (pk == null) publicKey = pk = VanishCrypto.b64(VanishCrypto.ed25519PublicRaw(linkSeed));
    return pk;
  }

  /** base64url of the raw Ed25519 public key of passphraseSeed; empty without a passphrase. */
  public Optional<String> passphraseKey() {
    if (passphraseSeed == null) return Optional.empty();
    String pk = passphraseKey;
    if (pk == null) passphraseKey = pk = VanishCrypto.b64(VanishCrypto.ed25519PublicRaw(passphraseSeed));
    return Optional.of(pk);
  }

  /** The seat signature over a server challenge (86 base64url characters). */
  public String signSeat(String challenge) {
    return VanishCrypto.b64(VanishCrypto.sign(linkKey, VanishCrypto.seatMessage(roomId, challenge)));
  }

  /** The passphrase signature over the same challenge; empty without a passphrase. */
  public Optional<String> signPassphrase(String challenge) {
    if (passphrasePrivate == null) return Optional.empty();
    return Optional.of(VanishCrypto.b64(VanishCrypto.sign(passphrasePrivate, VanishCrypto.seatMessage(roomId, challenge))));
  }

  /** Five groups of four digits that members compare by voice: different K, passphrase or room, different code. */
  public String safetyCode() {
    return safetyCode;
  }

  /** Encrypts a message's plaintext for this room with a fresh iv: the {@code body} to send. */
  public String seal(Plaintext plaintext) {
    return seal(plaintext, VanishCrypto.randomBytes(VanishCrypto.IV_BYTES));
  }

  /** As {@link #seal(Plaintext)} with a given iv: for test vectors and tests only, never reuse an iv. */
  public String seal(Plaintext plaintext, byte[] iv) {
    return VanishCrypto.encrypt(sealer.get(), msgKeySpec, roomId, iv, plaintext.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The plaintext of a body of this room, or empty when it fails authentication, does not parse or is not v2. */
  public Optional<Plaintext> open(String body) {
    try {
      return Plaintext.decode(VanishCrypto.decrypt(opener.get(), msgKeySpec, roomId, body));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }
}
