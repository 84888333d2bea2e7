// A room's files (issue 17, docs/PROTOCOL.md §8): declaring one (its size against VANISH_MAX_FILE_BYTES, its
// whole ciphertext reserved against the room's VANISH_ROOM_FILE_BYTES and the node's budget), putting its chunks
// (uploader only, each exactly as long as the chunk format says, each once), reading them (any member) and
// cancelling it (uploader only). The server sees ciphertext, sizes and who uploaded: the file's name, type, key and
// hash travel inside the encrypted message.
// VANISH_RATE_UPLOAD_BYTES (per client address) counts both what a declaration reserves and every chunk's bytes;
// VANISH_RATE_DOWNLOAD_BYTES (per client address) every chunk read back.
package dev.vanish.server.file;

import dev.vanish.server.config.FileLimits;
import dev.vanish.server.engine.FileStore;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.math.BigInteger;

public final class FileService {

  /** A declared file as the client is told it. */
  public record Declared(String fileId, int chunks, int chunkBytes, long expiresAt) {}

  private final FileStore store;
  private final Limiter limiter;
  private final FileLimits limits;

  public FileService(FileStore store, Limiter limiter, FileLimits limits) {
    this.store = store;
    this.limiter = limiter;
    this.limits = limits;
  }

  /**
   * A declaration's {@code size}: a JSON integer ≥ 0 (else 400 naming it) and at most VANISH_MAX_FILE_BYTES (else
   * 413 file_too_large, naming the limit). Checked before the room and the token, like every body field.
   */
  public long validSize(Object size) {
    if (!(size instanceof Integer || size instanceof Long || size instanceof BigInteger)) {
      throw VanishError.invalid("size must be the file's length in bytes: a whole number, 0 or more.");
    }
    BigInteger v = size instanceof BigInteger b ? b : BigInteger.valueOf(((Number) size).longValue());
    if (v.signum() < 0) throw VanishError.invalid("size must be the file's length in bytes: a whole number, 0 or more.");
    if (v.compareTo(BigInteger.valueOf(limits.maxFileBytes())) > 0) {
      throw VanishError.of(ErrorCode.FILE_TOO_LARGE, "Files are at most " + bytes(limits.maxFileBytes()) + " on this server.");
    }
    return v.longValue();
  }

  /**
   * Declares a file of {@code size} bytes for the seat's member: 507 storage_full when a budget is reached. The
   * reservation counts against the client address's VANISH_RATE_UPLOAD_BYTES first (429, nothing reserved): it is
   * what takes storage, so declaring files without uploading them fills a node no faster than uploading does.
   */
  public Future<Declared> declare(RoomService.Seat seat, long size, String clientIp) {
    int chunks = FileLimits.chunks(size);
    long reserve = FileLimits.reservation(size);
    return limiter.check(Limiter.Kind.UPLOAD_BYTES, clientIp, reserve).compose(ok -> store.declareFile(
        seat.room().roomId(), seat.memberId(), size, chunks, reserve, limits.roomFileBytes(), System.currentTimeMillis()))
        .map(d -> switch (d.outcome()) {
          case DECLARED -> new Declared(d.fileId(), chunks, FileLimits.CHUNK_BYTES, seat.room().expiresAt());
          case NO_ROOM -> throw VanishError.roomNotFound();
          case ROOM_FILES_FULL -> throw VanishError.of(ErrorCode.STORAGE_FULL, "This room's files have used its "
              + bytes(limits.roomFileBytes()) + "; delete a file, or share it in a new room.");
          case NODE_FULL -> throw VanishError.of(ErrorCode.STORAGE_FULL, "The server's storage is full; "
              + "try again when rooms have expired.");
        });
  }

  /**
   * Stores chunk {@code index} of a file the seat's member declared: 404 file_not_found, 403 forbidden (another
   * member's file), 400 (an index past the file's chunks, or a length other than the chunk's), 429 (the address's
   * upload rate: nothing stored). A chunk stored already succeeds and keeps its bytes (a retry is safe).
   */
  public Future<Void> put(RoomService.Seat seat, String fileId, int index, Buffer chunk, String clientIp) {
    String roomId = seat.room().roomId();
    return info(roomId, fileId).compose(f -> {
      if (!f.uploader().equals(seat.memberId())) return Future.failedFuture(notYours());
      if (index >= f.chunks()) {
        return Future.failedFuture(VanishError.invalid("i must be a chunk index from 0 to " + (f.chunks() - 1) + "."));
      }
      int expected = FileLimits.chunkLength(f.size(), index);
      if (chunk.length() != expected) {
        return Future.failedFuture(VanishError.invalid("chunk " + index + " must be " + expected + " bytes."));
      }
      return limiter.check(Limiter.Kind.UPLOAD_BYTES, clientIp, chunk.length())
          .compose(ok -> store.putChunk(roomId, fileId, seat.memberId(), index, chunk))
          .compose(outcome -> switch (outcome) {
            case STORED, ALREADY_STORED -> Future.<Void>succeededFuture();
            case NO_FILE -> Future.failedFuture(notFound());
            case NOT_UPLOADER -> Future.failedFuture(notYours());
          });
    });
  }

  /**
   * Chunk {@code index}'s stored ciphertext: 404 file_not_found when the file or that chunk is not stored (yet); 429
   * past the client address's VANISH_RATE_DOWNLOAD_BYTES, counted by the chunk's length once it is read (one read and
   * one count, two round trips on Redis like a message's; a refused read is not sent).
   */
  public Future<Buffer> get(RoomService.Seat seat, String fileId, int index, String clientIp) {
    if (!FileStore.isFileId(fileId)) return Future.failedFuture(notFound());
    return store.getChunk(seat.room().roomId(), fileId, index).compose(b -> b == null
        ? Future.failedFuture(notFound())
        : limiter.check(Limiter.Kind.DOWNLOAD_BYTES, clientIp, b.length()).map(ok -> b));
  }

  /** Cancels a file (its chunks deleted, its reservation freed): the uploader only (403), an unknown one 404. */
  public Future<Void> delete(RoomService.Seat seat, String fileId) {
    if (!FileStore.isFileId(fileId)) return Future.failedFuture(notFound());
    return store.deleteFile(seat.room().roomId(), fileId, seat.memberId()).compose(outcome -> switch (outcome) {
      case DELETED -> Future.<Void>succeededFuture();
      case NO_FILE -> Future.failedFuture(notFound());
      case NOT_UPLOADER -> Future.failedFuture(notYours());
    });
  }

  private Future<FileStore.FileInfo> info(String roomId, String fileId) {
    if (!FileStore.isFileId(fileId)) return Future.failedFuture(notFound());
    return store.findFile(roomId, fileId).compose(f -> f == null ? Future.failedFuture(notFound()) : Future.succeededFuture(f));
  }

  private static VanishError notFound() {
    return VanishError.of(ErrorCode.FILE_NOT_FOUND);
  }

  private static VanishError notYours() {
    return VanishError.forbidden("Only the member who uploads a file may write or delete it.");
  }

  /** A limit in the unit people read: "10 MiB", "512 KiB", or bytes. */
  static String bytes(long n) {
    if (n > 0 && n % (1L << 20) == 0) return (n >> 20) + " MiB";
    if (n > 0 && n % (1L << 10) == 0) return (n >> 10) + " KiB";
    return n + " bytes";
  }
}
