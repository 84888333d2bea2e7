// The file limits of a node (issue 17, docs/PROTOCOL.md §8): the largest file a member may upload
// (VANISH_MAX_FILE_BYTES) and the encrypted bytes a room's files may hold (VANISH_ROOM_FILE_BYTES), with the
// chunk arithmetic of the wire format: a file of `size` plaintext bytes travels as n = max(1, ceil(size / C))
// chunks of C = 256 KiB plaintext (the last one shorter), each stored as iv[12] ‖ ciphertext ‖ tag[16].
package dev.vanish.server.config;

public record FileLimits(long maxFileBytes, long roomFileBytes) {

  /** Plaintext bytes per chunk (all but the last): GET /api/v1/config's fileChunkBytes. */
  public static final int CHUNK_BYTES = 262_144;
  /** What AES-GCM adds to each chunk: a 12-byte iv and a 16-byte tag. */
  public static final int CHUNK_OVERHEAD = 28;
  /**
   * What a file's record costs besides its chunks, charged to the room's file budget and the node's budget with
   * its ciphertext: bounds how many (empty) files a room can declare (65 536 in 64 MiB) and covers a file's record
   * (on Redis a hash field of about 60 bytes; on the memory engine its object and map entry, which also charges
   * MemoryEngine.CHUNK_HANDLE_BYTES a chunk to the node's budget).
   */
  public static final int FILE_OVERHEAD_BYTES = 1024;

  public static final FileLimits DEFAULTS = new FileLimits(10L << 20, 64L << 20);

  /** Chunks of a file of {@code size} plaintext bytes: max(1, ceil(size / C)); an empty file is one empty chunk. */
  public static int chunks(long size) {
    return (int) Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
  }

  /** Bytes of chunk {@code i}'s ciphertext as stored: its plaintext length + 28. */
  public static int chunkLength(long size, int i) {
    int n = chunks(size);
    long plain = i < n - 1 ? CHUNK_BYTES : size - (long) (n - 1) * CHUNK_BYTES;
    return (int) plain + CHUNK_OVERHEAD;
  }

  /** What declaring a file reserves against the budgets: its whole ciphertext and its record. */
  public static long reservation(long size) {
    return size + (long) CHUNK_OVERHEAD * chunks(size) + FILE_OVERHEAD_BYTES;
  }
}
