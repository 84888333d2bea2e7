// A room key K with its derived authKey and msgKey, computed once: what a member holds for a room's lifetime.
package dev.vanish.client.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

public final class RoomKey {

  private final byte[] k;
  private final byte[] msgKey;
  private final SecretKeySpec msgKeySpec;
  // Cipher objects are not thread-safe; sessions of one room may live on different event loops.
  private final ThreadLocal<Cipher> sealer = ThreadLocal.withInitial(VanishCrypto::newCipher);
  private final ThreadLocal<Cipher> opener = ThreadLocal.withInitial(VanishCrypto::newCipher);
  private final String accessProof;
  private final String accessHash;

  private RoomKey(byte[] k) {
    if (k.length != VanishCrypto.KEY_BYTES) throw new IllegalArgumentException("a room key has 32 bytes");
    this.k = k.clone();
    this.msgKey = VanishCrypto.msgKey(k);
    this.msgKeySpec = new SecretKeySpec(msgKey, "AES");
    this.accessProof = VanishCrypto.accessProof(k);
    this.accessHash = VanishCrypto.accessHash(k);
  }

  public static RoomKey of(byte[] k) {
    return new RoomKey(k);
  }

  public static RoomKey generate() {
    return new RoomKey(VanishCrypto.newRoomKey());
  }

  /** base64url(K): the link's fragment. */
  public String encoded() {
    return VanishCrypto.b64(k);
  }

  public String accessProof() {
    return accessProof;
  }

  public String accessHash() {
    return accessHash;
  }

  /** Encrypts a message's plaintext for a room: the {@code body} to send. */
  public String seal(String roomId, Plaintext plaintext) {
    byte[] iv = VanishCrypto.randomBytes(VanishCrypto.IV_BYTES);
    return VanishCrypto.encrypt(sealer.get(), msgKeySpec, roomId, iv, plaintext.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The plaintext of a body, or empty when it fails authentication, does not parse or is not v1. */
  public Optional<Plaintext> open(String roomId, String body) {
    try {
      return Plaintext.decode(VanishCrypto.decrypt(opener.get(), msgKeySpec, roomId, body));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }
}
