// Ed25519 public keys and seat signatures with java.security only (JDK 17 has EdDSA): the server verifies that a
// joining client holds the link's private key (and, for a passphrase room, the passphrase's) by its signature over
// a fresh challenge (docs/PROTOCOL.md §2, §4). The server never holds a private key. A verification costs
// 0.6-1.3 ms on JDK 17 here, so RoomService runs it on a worker thread (SeatProof).
package dev.vanish.server.room;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.regex.Pattern;

public final class Ed25519 {

  /** 64 bytes in canonical base64url: 86 characters, the last one carrying no spare bits. */
  public static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{85}[AQgw]");

  private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger HALF = P.subtract(BigInteger.ONE).shiftRight(1);

  private Ed25519() {}

  /** What a seat signature signs: UTF-8 of {@code vanish/v2/seat\n<roomId>\n<challenge>}. */
  public static byte[] seatMessage(String roomId, String challenge) {
    return ("vanish/v2/seat\n" + roomId + "\n" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What a preview signature signs: UTF-8 of {@code vanish/v2/preview\n<roomId>\n<challenge>}. Its own label, so a
   * preview request someone captured can never be sent as a join (and a join's signature never reads a preview).
   */
  public static byte[] previewMessage(String roomId, String challenge) {
    return ("vanish/v2/preview\n" + roomId + "\n" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * True for 43 canonical base64url characters of 32 bytes that encode a point of the curve (RFC 8032 §5.1.3:
   * y below p, x² = (y² − 1) / (d·y² + 1) a square, and not x = 0 with the sign bit set).
   */
  public static boolean isPublicKey(String b64) {
    if (!Ids.isKey32(b64)) return false;
    byte[] raw = Ids.decode(b64);
    boolean sign = (raw[31] & 0x80) != 0;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) be[i] = raw[31 - i];
    be[0] &= 0x7f;
    BigInteger y = new BigInteger(1, be);
    if (y.compareTo(P) >= 0) return false;
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    if (x2.signum() == 0) return !sign;
    return x2.modPow(HALF, P).equals(BigInteger.ONE);
  }

  /**
   * True when {@code signatureB64} (86 base64url characters) is a valid Ed25519 signature of {@code message} by the
   * raw public key {@code publicKeyB64}. Any malformed input is simply false.
   */
  public static boolean verify(String publicKeyB64, byte[] message, String signatureB64) {
    if (publicKeyB64 == null || signatureB64 == null || !SIGNATURE.matcher(signatureB64).matches()) return false;
    try {
      byte[] raw = Ids.decode(publicKeyB64);
      if (raw.length != 32) return false;
      byte[] spki = new byte[X509_PREFIX.length + 32];
      System.arraycopy(X509_PREFIX, 0, spki, 0, X509_PREFIX.length);
      System.arraycopy(raw, 0, spki, X509_PREFIX.length, 32);
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(Ids.decode(signatureB64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
