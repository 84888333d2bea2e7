// The file encryption of issue 17 (docs/PROTOCOL.md §8, /work/notes/files-spec.md): a fresh 32-byte fileKey
// per file, the plaintext cut into chunks of the server's chunkBytes (256 KiB), each chunk sealed on its own as
// iv[12] ‖ AES-256-GCM(fileKey, iv, chunk, AAD) ‖ tag[16] with a fresh iv and the AAD
// "vanish/v2/file-chunk\n" + roomId + "\n" + fileId + "\n" + i + "\n" + n, which binds it to its room, file,
// index and the file's chunk count. The fileKey is never derived from K: it travels inside the K-encrypted
// file message, with the plaintext's SHA-256. JDK only; stateless.
package dev.vanish.client.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

public final class FileCrypto {

  public static final int KEY_BYTES = 32;
  public static final int IV_BYTES = VanishCrypto.IV_BYTES;
  public static final int TAG_BYTES = VanishCrypto.TAG_BITS / 8;
  /** What sealing adds to a chunk: its iv and its tag. */
  public static final int OVERHEAD = IV_BYTES + TAG_BYTES;
  /** The chunk size of the protocol's default (servers announce theirs as fileChunkBytes). */
  public static final int DEFAULT_CHUNK_BYTES = 262_144;
  public static final String AAD_PREFIX = "vanish/v2/file-chunk";

  private FileCrypto() {}

  /** A fresh fileKey from a CSPRNG. */
  public static byte[] newFileKey() {
    return VanishCrypto.randomBytes(KEY_BYTES);
  }

  /** n = max(1, ceil(size / chunkBytes)): an empty file is one empty chunk. */
  public static int chunkCount(long size, int chunkBytes) {
    if (size < 0 || chunkBytes < 1) throw new IllegalArgumentException("size ≥ 0 and chunkBytes ≥ 1");
    long n = Math.max(1, (size + chunkBytes - 1) / chunkBytes);
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many chunks");
    return (int) n;
  }

  /** The plaintext bytes of chunk i: chunkBytes, except the last, which holds the rest. */
  public static int chunkPlainBytes(long size, int chunkBytes, int i) {
    int n = chunkCount(size, chunkBytes);
    if (i < 0 || i >= n) throw new IllegalArgumentException("chunk " + i + " of " + n);
    return (int) Math.min(chunkBytes, size - (long) i * chunkBytes);
  }

  /** UTF-8 of "vanish/v2/file-chunk" LF roomId LF fileId LF i LF n. */
  public static byte[] aad(String roomId, String fileId, int i, int n) {
    return (AAD_PREFIX + "\n" + roomId + "\n" + fileId + "\n" + i + "\n" + n).getBytes(StandardCharsets.UTF_8);
  }

  /** Seals chunk i of n (plain[off, off+len)) with a fresh iv. */
  public static byte[] encryptChunk(byte[] fileKey, String roomId, String fileId, int i, int n, byte[] plain, int off, int len) {
    return encryptChunk(fileKey, roomId, fileId, i, n, VanishCrypto.randomBytes(IV_BYTES), plain, off, len);
  }

  /** As {@link #encryptChunk(byte[], String, String, int, int, byte[], int, int)} with a given iv: test vectors only. */
  public static byte[] encryptChunk(byte[] fileKey, String roomId, String fileId, int i, int n, byte[] iv,
                                    byte[] plain, int off, int len) {
    if (iv.length != IV_BYTES) throw new IllegalArgumentException("an iv has 12 bytes");
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, fileKey, new GCMParameterSpec(VanishCrypto.TAG_BITS, iv), roomId, fileId, i, n);
      byte[] out = new byte[IV_BYTES + len + TAG_BYTES];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      int written = c.doFinal(plain, off, len, out, IV_BYTES);
      if (written != len + TAG_BYTES) throw new IllegalStateException("AES/GCM wrote " + written + " bytes");
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM failed", e);
    }
  }

  /**
   * The plaintext of chunk i of n; throws {@link GeneralSecurityException} when it does not authenticate (a
   * flipped byte, another key, or a chunk moved to another room, file, index or count) or is too short.
   */
  public static byte[] decryptChunk(byte[] fileKey, String roomId, String fileId, int i, int n, byte[] chunk, int off, int len)
      throws GeneralSecurityException {
    if (len < OVERHEAD) throw new GeneralSecurityException("a chunk has at least " + OVERHEAD + " bytes");
    Cipher c = cipher(Cipher.DECRYPT_MODE, fileKey, new GCMParameterSpec(VanishCrypto.TAG_BITS, chunk, off, IV_BYTES),
        roomId, fileId, i, n);
    return c.doFinal(chunk, off + IV_BYTES, len - IV_BYTES);
  }

  private static Cipher cipher(int mode, byte[] fileKey, GCMParameterSpec spec, String roomId, String fileId, int i, int n)
      throws GeneralSecurityException {
    if (fileKey.length != KEY_BYTES) throw new IllegalArgumentException("a fileKey has 32 bytes");
    Cipher c = VanishCrypto.newCipher();
    c.init(mode, new SecretKeySpec(fileKey, "AES"), spec);
    c.updateAAD(aad(roomId, fileId, i, n));
    return c;
  }

  /** A SHA-256 digest, fed chunk by chunk. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Lowercase hex of SHA-256(bytes). */
  public static String sha256Hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
  }
}
