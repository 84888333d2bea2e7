// The end-to-end cryptography of protocol v2 (docs/PROTOCOL.md §2, /work/notes/v2-spec.md §1) with the JDK
// only: HKDF-SHA256 over Mac (with or without a salt), PBKDF2-HMAC-SHA256 over an NFC-normalised passphrase,
// Ed25519 keys from a 32-byte seed (RFC 8032) and their signatures, AES-256-GCM with the roomId as AAD, the
// safety code, base64url without padding. Stateless; RoomKey derives once and caches.
package dev.vanish.client.crypto;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

public final class VanishCrypto {

  public static final int KEY_BYTES = 32;
  public static final int ROOM_ID_BYTES = 16;
  public static final int IV_BYTES = 12;
  public static final int TAG_BITS = 128;
  public static final int PBKDF2_ITERATIONS = 600_000;

  public static final String LINK_KEY_INFO = "vanish/v2/link-key";
  public static final String ROOT_INFO = "vanish/v2/root";
  public static final String PASSPHRASE_KEY_INFO = "vanish/v2/passphrase-key";
  public static final String MESSAGE_INFO = "vanish/v2/message";
  public static final String SAFETY_INFO_PREFIX = "vanish/v2/safety/";
  public static final String PASSPHRASE_SALT_PREFIX = "vanish/v2/passphrase/";
  public static final String SEAT_PREFIX = "vanish/v2/seat\n";

  /** DER prefix of an X.509 Ed25519 public key; the raw 32 bytes follow. */
  private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] EMPTY_SALT = new byte[32];
  private static final SecureRandom RANDOM = new SecureRandom();

  private VanishCrypto() {}

  /** A fresh 32-byte room key K from a CSPRNG. */
  public static byte[] newRoomKey() {
    return randomBytes(KEY_BYTES);
  }

  /** A fresh roomId: 16 random bytes, base64url (22 characters, the last one of {@code AQgw}). */
  public static String newRoomId() {
    return b64(randomBytes(ROOM_ID_BYTES));
  }

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** HKDF-SHA256 (RFC 5869) with an empty salt (32 zero bytes) and L = 32: the single block T(1). */
  public static byte[] hkdf(byte[] ikm, String info) {
    return hkdf(ikm, null, info);
  }

  /** HKDF-SHA256 with a salt (null or empty = 32 zero bytes) and L = 32. */
  public static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? EMPTY_SALT : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** linkSeed = HKDF(K, empty, "vanish/v2/link-key"): the Ed25519 seed whose public key the server stores. */
  public static byte[] linkSeed(byte[] k) {
    return hkdf(k, LINK_KEY_INFO);
  }

  /**
   * P = PBKDF2-HMAC-SHA256(UTF-8(NFC(passphrase)), salt = UTF-8("vanish/v2/passphrase/" + roomId), 600000, 32):
   * deliberately slow (a few hundred milliseconds), compute it once per room.
   */
  public static byte[] passphraseBits(String passphrase, String roomId) {
    char[] normalized = Normalizer.normalize(passphrase, Normalizer.Form.NFC).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(normalized,
        (PASSPHRASE_SALT_PREFIX + roomId).getBytes(StandardCharsets.UTF_8), PBKDF2_ITERATIONS, 256);
    try {
      // The JDK's PBKDF2 encodes the password's chars as UTF-8 (PBKDF2KeyImpl), as the protocol requires.
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(normalized, '\0');
    }
  }

  /** root = HKDF(K, salt = P or empty, "vanish/v2/root"). */
  public static byte[] root(byte[] k, byte[] passphraseBits) {
    return hkdf(k, passphraseBits, ROOT_INFO);
  }

  public static byte[] passphraseSeed(byte[] root) {
    return hkdf(root, PASSPHRASE_KEY_INFO);
  }

  public static byte[] msgKey(byte[] root) {
    return hkdf(root, MESSAGE_INFO);
  }

  /** Five groups of four digits from HKDF(root, empty, "vanish/v2/safety/" + roomId), e.g. "0565 5238 4345 2754 1743". */
  public static String safetyCode(byte[] root, String roomId) {
    byte[] h = hkdf(root, SAFETY_INFO_PREFIX + roomId);
    StringBuilder b = new StringBuilder(24);
    for (int i = 0; i < 5; i++) {
      long group = ((h[4 * i] & 0xffL) << 24) | ((h[4 * i + 1] & 0xffL) << 16) | ((h[4 * i + 2] & 0xffL) << 8) | (h[4 * i + 3] & 0xffL);
      if (i > 0) b.append(' ');
      b.append(String.format("%04d", group % 10000));
    }
    return b.toString();
  }

  /** What a seat signature signs: UTF-8("vanish/v2/seat\n" + roomId + "\n" + challenge). */
  public static byte[] seatMessage(String roomId, String challenge) {
    return (SEAT_PREFIX + roomId + "\n" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  /** The Ed25519 private key of an RFC 8032 seed. */
  public static PrivateKey ed25519Private(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /**
   * The raw 32-byte Ed25519 public key of a seed. The JDK derives a public key only while generating a pair,
   * so the generator gets a "random" source that hands out the seed.
   */
  public static byte[] ed25519PublicRaw(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      byte[] x509 = g.generateKeyPair().getPublic().getEncoded();
      return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** A 64-byte Ed25519 signature (deterministic). */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** Verifies an Ed25519 signature with a raw 32-byte public key (what the server does); false on any defect. */
  public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    try {
      byte[] x509 = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + 32);
      System.arraycopy(rawPublicKey, 0, x509, ED25519_X509_PREFIX.length, 32);
      PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(pub);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
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

  /**
   * The iv of a body as text: its first 16 base64url characters encode exactly the 12 iv bytes (96 bits, no
   * spare bits), so two bodies share an iv exactly when they share this prefix. Null for a body too short.
   */
  public static String ivOf(String body) {
    return body == null || body.length() < 16 ? null : body.substring(0, 16);
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

  /** Hands out a fixed seed as its "random" bytes: how the JDK is made to derive a public key from a seed. */
  private static final class SeedRandom extends SecureRandom {
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) throw new IllegalStateException("Ed25519 asked for " + bytes.length + " bytes");
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }

}
