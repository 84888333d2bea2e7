package dev.vanish.server.testsupport;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client side of docs/PROTOCOL.md's end-to-end encryption, with javax.crypto only: what a browser or the
 * Java client does with the room key K. Tests use it to act as real clients; the server never runs it.
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

  /** HKDF-SHA256 (RFC 5869) with an empty salt, for one 32-byte block. */
  public static byte[] hkdf(byte[] ikm, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // empty salt = HashLen zeros
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] authKey(byte[] k) { return hkdf(k, "vanish/v1/auth"); }

  public static byte[] msgKey(byte[] k) { return hkdf(k, "vanish/v1/message"); }

  public static String accessProof(byte[] k) { return b64(authKey(k)); }

  public static String accessHash(byte[] k) {
    try {
      return b64(MessageDigest.getInstance("SHA-256").digest(authKey(k)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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

  /** The plaintext JSON of a message, as the protocol defines it. */
  public static String plaintext(String name, String text) {
    return new io.vertx.core.json.JsonObject().put("v", 1).put("name", name).put("text", text)
        .put("sentAt", System.currentTimeMillis()).encode();
  }
}
