// A room's files (issue 17, docs/PROTOCOL.md §8): opaque ciphertext chunks and, per file, only what the server may
// know — who uploaded it, its plaintext size and chunk count. Never a name, a type, a key or a hash: those travel
// inside the K-encrypted file message. A file is declared first (its whole ciphertext reserved against the room's
// file budget and the node's), then its chunks are put, each once, by the uploader only; any member reads them.
// Everything dies with the room: destroy, the last wrong passphrase and expiry delete every file of it (on Redis
// the file keys carry the room's PEXPIREAT and sit inside its hash tag).
package dev.vanish.server.engine;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.security.SecureRandom;
import java.util.Base64;

public interface FileStore {

  /** What a declaration came to: DECLARED with its fileId, or why not (nothing reserved then). */
  enum DeclareOutcome { DECLARED, NO_ROOM, ROOM_FILES_FULL, NODE_FULL }

  /** @param fileId 16 random bytes, base64url (22 characters), when DECLARED; else null */
  record Declared(DeclareOutcome outcome, String fileId) {
    public static Declared of(DeclareOutcome outcome) {
      return new Declared(outcome, null);
    }
  }

  /** A stored file's record: its uploader (memberId), plaintext size and chunk count. */
  record FileInfo(String uploader, long size, int chunks) {}

  enum PutOutcome { STORED, ALREADY_STORED, NO_FILE, NOT_UPLOADER }

  enum DeleteOutcome { DELETED, NO_FILE, NOT_UPLOADER }

  /**
   * Records a file of {@code size} plaintext bytes in {@code chunks} chunks for {@code uploader}, reserving
   * {@code reserve} bytes (its whole ciphertext and record) against the room's file budget {@code roomFileBytes}
   * and the node's budget, atomically. A room that does not exist (or expired at {@code now}) is NO_ROOM.
   */
  Future<Declared> declareFile(String roomId, String uploader, long size, int chunks, long reserve, long roomFileBytes,
                               long now);

  /** The file's record, or null when the room or the file is not stored. */
  Future<FileInfo> findFile(String roomId, String fileId);

  /**
   * Stores chunk {@code index} (the caller checked its index and length against {@link #findFile}) once: a chunk
   * already stored is ALREADY_STORED and keeps its bytes. Checked again atomically with the write: the file must
   * still exist (NO_FILE) and {@code memberId} be its uploader (NOT_UPLOADER). The engine copies the bytes.
   */
  Future<PutOutcome> putChunk(String roomId, String fileId, String memberId, int index, Buffer chunk);

  /** Chunk {@code index}'s stored bytes, or null when the room, the file or that chunk is not stored. */
  Future<Buffer> getChunk(String roomId, String fileId, int index);

  /** Deletes a file and its chunks and frees its reservation, if {@code memberId} uploaded it. */
  Future<DeleteOutcome> deleteFile(String roomId, String fileId, String memberId);

  /** A fresh fileId: 16 bytes from a CSPRNG in base64url without padding (22 characters). */
  static String newFileId() {
    byte[] b = new byte[16];
    FileIds.RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether {@code s} has a fileId's shape: 22 base64url characters. */
  static boolean isFileId(String s) {
    if (s == null || s.length() != 22) return false;
    for (int i = 0; i < 22; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    }
    return true;
  }

  /** Holder of the id generator (interfaces cannot have private static fields). */
  final class FileIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileIds() {}
  }
}
