// The "file" object of a file message's plaintext (docs/PROTOCOL.md §8): what a receiver needs to fetch,
// decrypt and check a file — its server id, its key, its claimed name and type, its size, the SHA-256 of its
// plaintext, its chunk count, its kind and, for voice, its duration; for images whether the sender stripped
// the metadata. Everything in it is a claim of some holder of K: names are cleaned before use, and the bytes
// are trusted only after the hash matched.
package dev.vanish.client.crypto;

import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * @param id         the server's fileId (22 base64url characters)
 * @param key        base64url(fileKey), 43 characters
 * @param name       the file's name as the sender gave it, 1–255 characters
 * @param mime       its media type, 1–100 characters
 * @param size       plaintext bytes
 * @param sha256     lowercase hex SHA-256 of the plaintext
 * @param chunks     n
 * @param kind       "image", "voice" or "file"
 * @param durationMs voice only, optional (null)
 * @param metadata   images only, optional: "stripped" or "kept" (null)
 */
public record FileRef(String id, String key, String name, String mime, long size, String sha256, int chunks, String kind,
                      Long durationMs, String metadata) {

  public static final String IMAGE = "image";
  public static final String VOICE = "voice";
  public static final String FILE = "file";
  /** The image types receivers show inline (others are saved as files). */
  public static final Set<String> INLINE_IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public FileRef {
    if (!valid(id, key, name, mime, size, sha256, chunks, kind, durationMs, metadata)) {
      throw new IllegalArgumentException("not a valid file object");
    }
  }

  /** The fileKey's 32 bytes. */
  public byte[] keyBytes() {
    return VanishCrypto.unb64(key);
  }

  /** Whether receivers show it inline: an image of one of the four inline types. */
  public boolean inlineImage() {
    return IMAGE.equals(kind) && INLINE_IMAGE_TYPES.contains(mime);
  }

  /** The JSON in the protocol's field order (the optional ones only when set). */
  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("id", id).put("key", key).put("name", name).put("mime", mime).put("size", size)
        .put("sha256", sha256).put("chunks", chunks).put("kind", kind);
    if (durationMs != null) j.put("durationMs", durationMs);
    if (metadata != null) j.put("metadata", metadata);
    return j;
  }

  /**
   * The file object of a plaintext's "file" value; empty when it is malformed: not an object, a field of the
   * wrong type or length, a size or chunk count that cannot be, a kind other than image, voice or file.
   */
  public static Optional<FileRef> parse(Object value) {
    if (!(value instanceof JsonObject j)) return Optional.empty();
    Object size = j.getValue("size"), chunks = j.getValue("chunks"), duration = j.getValue("durationMs");
    if (!(size instanceof Number s) || !Plaintext.isWhole(s) || !(chunks instanceof Number c) || !Plaintext.isWhole(c)) {
      return Optional.empty();
    }
    if (duration != null && (!(duration instanceof Number d) || !Plaintext.isWhole(d))) return Optional.empty();
    Object metadata = j.getValue("metadata");
    if (metadata != null && !(metadata instanceof String)) return Optional.empty();
    String id = str(j, "id"), key = str(j, "key"), name = str(j, "name"), mime = str(j, "mime"), sha = str(j, "sha256"),
        kind = str(j, "kind");
    long n = c.longValue();
    Long durationMs = duration == null ? null : ((Number) duration).longValue();
    if (n > Integer.MAX_VALUE || !valid(id, key, name, mime, s.longValue(), sha, (int) n, kind, durationMs, (String) metadata)) {
      return Optional.empty();
    }
    return Optional.of(new FileRef(id, key, name, mime, s.longValue(), sha, (int) n, kind, durationMs, (String) metadata));
  }

  private static String str(JsonObject j, String field) {
    return j.getValue(field) instanceof String s ? s : null;
  }

  private static boolean valid(String id, String key, String name, String mime, long size, String sha256, int chunks,
                               String kind, Long durationMs, String metadata) {
    return id != null && FILE_ID.matcher(id).matches()
        && key != null && KEY.matcher(key).matches()
        && name != null && !name.isEmpty() && name.length() <= 255
        && mime != null && !mime.isEmpty() && mime.length() <= 100
        && size >= 0
        && sha256 != null && SHA256.matcher(sha256).matches()
        // one chunk holds at least one byte, except the single empty chunk of an empty file
        && chunks >= 1 && chunks <= Math.max(1, size)
        && (IMAGE.equals(kind) || VOICE.equals(kind) || FILE.equals(kind))
        && (durationMs == null || durationMs >= 0)
        && (metadata == null || metadata.equals("stripped") || metadata.equals("kept"));
  }
}
