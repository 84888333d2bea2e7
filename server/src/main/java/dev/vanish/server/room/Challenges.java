// The stateless seat challenges of protocol v2 (docs/PROTOCOL.md §4): a challenge is
// base64url(expiresAt[8, big-endian] ‖ nonce[16 random] ‖ HMAC-SHA256(challengeKey, roomId ‖ expiresAt ‖ nonce)[0..16)),
// valid for LIFETIME_MS. Issuing one stores nothing and reads nothing, so the endpoint answers alike for live and
// missing rooms; any node of the cluster can check one made by another, since the key comes from the limiter's
// shared secret (with its own label). Whether a nonce was already spent is the engine's business (RoomStore.takeSeat).
package dev.vanish.server.room;

import dev.vanish.server.error.VanishError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

public final class Challenges {

  /** How long a challenge may be answered. */
  public static final long LIFETIME_MS = 60_000;
  /** The shape a join's challenge field must have before it is even decoded. */
  public static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  public static final String EXPIRED_OR_FOREIGN = "challenge: expired or not for this room; ask for a new one";

  private static final int NONCE_BYTES = 16;
  private static final int MAC_BYTES = 16;
  private static final int LENGTH = 8 + NONCE_BYTES + MAC_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A fresh challenge and until when it may be answered. */
  public record Challenge(String challenge, long expiresAt) {}

  /** A checked challenge: its nonce (base64url) and when it expires — how long the engine must remember it. */
  public record Nonce(String nonce, long expiresAt) {}

  private volatile byte[] key;

  /** The challenge key, HMAC(limiter secret, "vanish/challenge"): set once the limiter has settled its secret. */
  public void useKey(byte[] key) {
    this.key = key.clone();
  }

  public Challenge issue(String roomId, long now) {
    long expiresAt = now + LIFETIME_MS;
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    ByteBuffer b = ByteBuffer.allocate(LENGTH).putLong(expiresAt).put(nonce).put(mac(roomId, expiresAt, nonce));
    return new Challenge(B64.encodeToString(b.array()), expiresAt);
  }

  /**
   * The challenge's nonce when this cluster made it, for this room, and it has not expired; else 400
   * invalid_request with the one sentence (stateless: it tells nothing about the room).
   */
  public Nonce check(String roomId, String challenge, long now) {
    byte[] raw;
    try {
      raw = Ids.decode(challenge);
    } catch (IllegalArgumentException e) {
      throw VanishError.invalid(EXPIRED_OR_FOREIGN);
    }
    if (raw.length != LENGTH) throw VanishError.invalid(EXPIRED_OR_FOREIGN);
    ByteBuffer b = ByteBuffer.wrap(raw);
    long expiresAt = b.getLong();
    byte[] nonce = new byte[NONCE_BYTES];
    b.get(nonce);
    byte[] tag = Arrays.copyOfRange(raw, 8 + NONCE_BYTES, LENGTH);
    if (!MessageDigest.isEqual(tag, mac(roomId, expiresAt, nonce)) || expiresAt <= now) {
      throw VanishError.invalid(EXPIRED_OR_FOREIGN);
    }
    return new Nonce(B64.encodeToString(nonce), expiresAt);
  }

  private byte[] mac(String roomId, long expiresAt, byte[] nonce) {
    byte[] k = key;
    if (k == null) throw new IllegalStateException("challenge key not set");
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(k, "HmacSHA256"));
      m.update(roomId.getBytes(StandardCharsets.US_ASCII));
      m.update(ByteBuffer.allocate(8).putLong(expiresAt).array());
      m.update(nonce);
      return Arrays.copyOf(m.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
