package dev.vanish.server.testsupport;

import io.vertx.core.json.JsonObject;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client side of docs/PROTOCOL.md's protocol v2 crypto, with the JDK only (javax.crypto, java.security's Ed25519):
 * what a browser or the Java client does with the room key K (and a passphrase). Tests use it to act as real
 * clients; the server never runs it.
 */
public final class TestCrypto {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCrypto() {}

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static byte[] unb64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }

  public static byte[] newRoomKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  /** A room id as a v2 creator chooses it: 16 random bytes, 22 base64url characters. */
  public static String newRoomId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return b64(id);
  }

  /** HKDF-SHA256 (RFC 5869) with an empty salt, for one 32-byte block. */
  public static byte[] hkdf(byte[] ikm, String info) {
    return hkdf(ikm, new byte[32], info); // empty salt = HashLen zeros
  }

  /** HKDF-SHA256 (RFC 5869) for one 32-byte block. */
  public static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // --- protocol v2 keys ----------------------------------------------------------------------------------

  /** The link's Ed25519 seed: HKDF(K, "vanish/v2/link-key"). */
  public static byte[] linkSeed(byte[] k) { return hkdf(k, "vanish/v2/link-key"); }

  /** P = PBKDF2-HMAC-SHA256(NFC(passphrase), "vanish/v2/passphrase/" + roomId, 600000, 32 bytes). Slow on purpose. */
  public static byte[] passphraseP(String passphrase, String roomId) {
    try {
      String nfc = Normalizer.normalize(passphrase, Normalizer.Form.NFC);
      // PBEKeySpec takes chars, and the JDK's PBKDF2WithHmacSHA256 encodes them as UTF-8.
      PBEKeySpec spec = new PBEKeySpec(nfc.toCharArray(),
          ("vanish/v2/passphrase/" + roomId).getBytes(StandardCharsets.UTF_8), 600_000, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** root = HKDF(K, salt = P (or empty without a passphrase), "vanish/v2/root"). */
  public static byte[] root(byte[] k, byte[] p) {
    return p == null ? hkdf(k, "vanish/v2/root") : hkdf(k, p, "vanish/v2/root");
  }

  /** The passphrase's Ed25519 seed: HKDF(root, "vanish/v2/passphrase-key"). */
  public static byte[] passphraseSeed(byte[] k, byte[] p) { return hkdf(root(k, p), "vanish/v2/passphrase-key"); }

  /** The message key of a room without a passphrase. */
  public static byte[] msgKey(byte[] k) { return msgKey(k, null); }

  public static byte[] msgKey(byte[] k, byte[] p) { return hkdf(root(k, p), "vanish/v2/message"); }

  /** base64url of the raw 32-byte Ed25519 public key of a seed (RFC 8032). */
  public static String publicKey(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
        @Override
        public void nextBytes(byte[] bytes) {
          System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
      });
      byte[] x509 = g.generateKeyPair().getPublic().getEncoded();
      return b64(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The link's public key, sent at create. */
  public static String linkPublicKey(byte[] k) { return publicKey(linkSeed(k)); }

  /** An Ed25519 signature (base64url, 86 characters) by a seed's key. */
  public static String sign(byte[] seed, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
      s.update(message);
      return b64(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** UTF-8 of "vanish/v2/seat\n" + roomId + "\n" + challenge: what a seat signature signs. */
  public static byte[] seatMessage(String roomId, String challenge) {
    return ("vanish/v2/seat\n" + roomId + "\n" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  /** The link's signature over a seat challenge. */
  public static String seatSignature(byte[] k, String roomId, String challenge) {
    return sign(linkSeed(k), seatMessage(roomId, challenge));
  }

  /** The body of a v2 create for a fresh room id: {"v":2,"roomId","publicKey"}. */
  public static JsonObject createRequest(byte[] k) {
    return createRequest(k, newRoomId());
  }

  public static JsonObject createRequest(byte[] k, String roomId) {
    return new JsonObject().put("v", 2).put("roomId", roomId).put("publicKey", linkPublicKey(k));
  }

  /** The body of a v2 join answering {@code challenge}: {"v":2,"challenge","signature"}. */
  public static JsonObject joinRequest(byte[] k, String roomId, String challenge) {
    return new JsonObject().put("v", 2).put("challenge", challenge).put("signature", seatSignature(k, roomId, challenge));
  }

  public static String encrypt(byte[] k, String roomId, String plaintext) {
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    return encrypt(k, roomId, iv, plaintext);
  }

  public static String encrypt(byte[] k, String roomId, byte[] iv, String plaintext) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(msgKey(k), "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(roomId.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
      System.arraycopy(ct, 0, out, iv.length, ct.length);
      return b64(out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String decrypt(byte[] k, String roomId, String body) {
    try {
      byte[] raw = unb64(body);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(msgKey(k), "AES"), new GCMParameterSpec(128, raw, 0, 12));
      c.updateAAD(roomId.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException("cannot decrypt", e);
    }
  }

  /** The plaintext JSON of a message (v2; the server never reads it, so tests leave memberId and seq generic). */
  public static String plaintext(String name, String text) {
    return plaintext("", 1, name, text);
  }

  public static String plaintext(String memberId, long seq, String name, String text) {
    return new JsonObject().put("v", 2).put("memberId", memberId).put("seq", seq).put("name", name).put("text", text)
        .put("sentAt", System.currentTimeMillis()).encode();
  }
}
