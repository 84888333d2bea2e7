// Random identifiers and secrets, and their shapes. Tokens and member ids carry 256 and 72 random bits from
// SecureRandom (room ids are chosen by the creating client in protocol v2); the server stores tokens only as
// SHA-256 hashes so a copy of the engine's data grants no seat.
package dev.vanish.server.room;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;

public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** 16 random bytes in base64url: 22 characters. */
  public static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  /** A room id as a creating client must choose it: 16 bytes in canonical base64url (no spare bits set). */
  public static final Pattern CANONICAL_ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{21}[AQgw]");
  /** 32 bytes (a token, an Ed25519 public key) in canonical base64url: 43 characters. */
  public static final Pattern KEY_32 = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

  private Ids() {}

  public static String roomId() { return random(16); }

  public static String token() { return random(32); }

  /** Public within a room; 72 bits is plenty to never collide among a room's members. */
  public static String memberId() { return random(9); }

  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  public static boolean isRoomId(String s) {
    return s != null && ROOM_ID.matcher(s).matches();
  }

  public static boolean isCanonicalRoomId(String s) {
    return s != null && CANONICAL_ROOM_ID.matcher(s).matches();
  }

  public static boolean isKey32(String s) {
    return s != null && KEY_32.matcher(s).matches();
  }

  public static String sha256(byte[] data) {
    return B64.encodeToString(digest(data));
  }

  public static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] decode(String base64url) {
    return B64D.decode(base64url);
  }

  /** Hash of a bearer token as the engine stores it. */
  public static String tokenHash(String token) {
    return sha256(token.getBytes(StandardCharsets.US_ASCII));
  }
}
