// The end-to-end encryption of docs/PROTOCOL.md §2 with javax.crypto only: HKDF-SHA256 over Mac,
// AES-256-GCM with the roomId as AAD, base64url without padding. Stateless; RoomKey caches the derived keys.
package dev.vanish.client.crypto;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

public final class VanishCrypto {

  public static final int KEY_BYTES = 32;
  public static final int IV_BYTES = 12;
  public static final int TAG_BITS = 128;
  public static final String AUTH_INFO = "vanish/v1/auth";
  public static final String MESSAGE_INFO = "vanish/v1/message";

  private static final SecureRandom RANDOM = new SecureRandom();

  private VanishCrypto() {}

  /** A fresh 32-byte room key K from a CSPRNG. */
  public static byte[] newRoomKey() {
    return randomBytes(KEY_BYTES);
  }

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** HKDF-SHA256 (RFC 5869) with an empty salt (32 zero bytes) and L = 32: the single block T(1). */
  public static byte[] hkdf(byte[] ikm, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public static byte[] authKey(byte[] k) {
    return hkdf(k, AUTH_INFO);
  }

  public static byte[] msgKey(byte[] k) {
    return hkdf(k, MESSAGE_INFO);
  }

  /** base64url(authKey): sent to take a seat. */
  public static String accessProof(byte[] k) {
    return b64(authKey(k));
  }

  /** base64url(SHA-256(authKey)): sent once, when the room is created. */
  public static String accessHash(byte[] k) {
    try {
      return b64(MessageDigest.getInstance("SHA-256").digest(authKey(k)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** body = base64url(iv ‖ AES-256-GCM(msgKey, iv, plaintext, AAD = UTF-8 roomId)) with a fresh iv. */
  public static String encrypt(byte[] msgKey, String roomId, byte[] plaintext) {
    return encrypt(msgKey, roomId, randomBytes(IV_BYTES), plaintext);
  }

  /** As {@link #encrypt(byte[], String, byte[])} with a given iv: for test vectors only, never reuse an iv. */
  public static String encrypt(byte[] msgKey, String roomId, byte[] iv, byte[] plaintext) {
    return encrypt(newCipher(), new SecretKeySpec(msgKey, "AES"), roomId, iv, plaintext);
  }

  /**
   * Encrypts with a caller-held Cipher (one per thread: RoomKey keeps them), so the provider lookup and the
   * AES key schedule are paid once per thread rather than once per message. A fresh iv re-inits it each time.
   */
  static String encrypt(Cipher c, SecretKeySpec key, String roomId, byte[] iv, byte[] plaintext) {
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(roomId.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(iv, iv.length + c.getOutputSize(plaintext.length));
      int n = c.doFinal(plaintext, 0, plaintext.length, out, iv.length);
      return b64(n == out.length - iv.length ? out : Arrays.copyOf(out, iv.length + n));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM failed", e);
    }
  }

  /** The plaintext bytes of a body; throws {@link GeneralSecurityException} when it does not authenticate. */
  public static byte[] decrypt(byte[] msgKey, String roomId, String body) throws GeneralSecurityException {
    return decrypt(newCipher(), new SecretKeySpec(msgKey, "AES"), roomId, body);
  }

  /** As {@link #decrypt(byte[], String, String)} with a caller-held Cipher (see encrypt). */
  static byte[] decrypt(Cipher c, SecretKeySpec key, String roomId, String body) throws GeneralSecurityException {
    byte[] raw;
    try {
      raw = unb64(body);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("body is not base64url");
    }
    if (raw.length < IV_BYTES + TAG_BITS / 8) throw new GeneralSecurityException("body too short");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
    c.updateAAD(roomId.getBytes(StandardCharsets.UTF_8));
    return c.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
  }

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  /** base64url without padding. */
  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Decodes base64url (padding not expected); throws IllegalArgumentException on other characters. */
  public static byte[] unb64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }
}
