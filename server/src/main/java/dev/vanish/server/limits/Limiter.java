// The node's abuse limits (docs/SECURITY.md): per client IP for room creation, seat-taking, failed room
// look-ups and message bytes, per member for messages and typing. Counting is a LimiterStore's — local on the memory engine, one atomic
// script shared by every node on Redis. A bucket's key is never the IP or member itself but
// HMAC-SHA-256(secret, subject) cut to 128 bits, so what the engine holds for one window tells nothing about
// who was counted to anyone without the secret.
package dev.vanish.server.limits;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import io.vertx.core.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

public final class Limiter {

  public enum Kind {
    ROOMS("rooms", "rooms created"),
    SEATS("seats", "seats taken"),
    MESSAGES("msgs", "messages"),
    /** Message bytes per client IP: each message costs its body plus ServerConfig.MESSAGE_OVERHEAD_BYTES. */
    MESSAGE_BYTES("bytes", "message bytes from your address"),
    /** File chunk bytes per client IP (VANISH_RATE_UPLOAD_BYTES): each chunk costs its length. */
    UPLOAD_BYTES("upload", "file bytes uploaded from your address"),
    /** File chunk bytes per client IP read back (VANISH_RATE_DOWNLOAD_BYTES): each chunk costs its length. */
    DOWNLOAD_BYTES("download", "file bytes downloaded to your address"),
    TYPING("typing", "typing notices"),
    HISTORY("history", "history reads"),
    /** Room look-ups that failed for want of a valid token or proof (401, 404): counted only when they fail. */
    LOOKUPS("lookups", "failed room look-ups");

    final String tag;
    final String what;

    Kind(String tag, String what) {
      this.tag = tag;
      this.what = what;
    }
  }

  private final LimiterStore store;
  private final Hardening config;
  private Mac mac;

  public Limiter(LimiterStore store, Hardening config) {
    this.store = store;
    this.config = config;
  }

  /**
   * Settles the secret: the configured one, else a random one that every node of the engine agrees on (the
   * first node stores it; the memory engine simply keeps it). Call once the engine is started.
   */
  public Future<Void> start() {
    Future<String> secret = config.limitSecret() != null
        ? Future.succeededFuture(config.limitSecret())
        : store.sharedSecret(HexFormat.of().formatHex(random32()));
    return secret.map(s -> {
      mac = hmac(s);
      return null;
    });
  }

  /**
   * A key for another purpose derived from the same shared secret, HMAC(secret, label): equal on every node of the
   * engine (the seat challenges' key: label "vanish/challenge"). Call after {@link #start()}.
   */
  public byte[] derivedKey(String label) {
    if (mac == null) throw new IllegalStateException("limiter not started");
    return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] random32() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static Mac hmac(String secret) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Rate rate(Kind kind) {
    return switch (kind) {
      case ROOMS -> config.rooms();
      case SEATS -> config.seats();
      case MESSAGES -> config.messages();
      case MESSAGE_BYTES -> config.messageBytes();
      case UPLOAD_BYTES -> config.uploadBytes();
      case DOWNLOAD_BYTES -> config.downloadBytes();
      case TYPING -> config.typing();
      case LOOKUPS -> config.lookups();
      case HISTORY -> config.history();
    };
  }

  /**
   * True for the failures that answer a room look-up without a valid seat token or access proof: 404
   * room_not_found (also a wrong proof) and 401 unauthorized. Told apart, they say whether a room id is alive,
   * so they are what {@link Kind#LOOKUPS} counts.
   */
  public static boolean isFailedLookup(Throwable failure) {
    return failure instanceof VanishError e
        && (e.code() == ErrorCode.ROOM_NOT_FOUND || e.code() == ErrorCode.UNAUTHORIZED);
  }

  /** The engine key of one subject's bucket: kind and a keyed hash, nothing readable. */
  String bucket(Kind kind, String subject) {
    // The kind is hashed too, so one client's buckets of different kinds cannot be linked to each other.
    byte[] h = mac.doFinal((kind.tag + "|" + subject).getBytes(StandardCharsets.UTF_8));
    return kind.tag + ":" + HexFormat.of().formatHex(h, 0, 16);
  }

  /** Counts one action; fails with 429 rate_limited (Retry-After in whole seconds) when over the limit. */
  public Future<Void> check(Kind kind, String subject) {
    return check(kind, subject, 1);
  }

  /** Counts {@code cost} at once (MESSAGE_BYTES: a message's bytes); 429 rate_limited when over the limit. */
  public Future<Void> check(Kind kind, String subject, long cost) {
    Rate r = rate(kind);
    if (r.off()) return Future.succeededFuture();
    return store.hit(bucket(kind, subject), r.limit(), r.windowMs(), System.currentTimeMillis(), cost).compose(waitMs ->
        waitMs <= 0 ? Future.succeededFuture()
            : Future.failedFuture(VanishError.rateLimited(Math.max(1, (waitMs + 999) / 1000), kind.what)));
  }
}
