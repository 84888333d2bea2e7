// The chunk pipelines of docs/PROTOCOL.md §8, shared by RoomSession and the one-shot sender. Upload: refuse a
// file above the server's maxFileBytes before any request, declare its size (retried like a chunk), then read,
// hash, encrypt and PUT chunk by chunk (reading and hashing in order on a worker, up to WINDOW chunks in flight), each PUT retried on
// a transient failure (unreachable, 5xx, 429 after its Retry-After) with backoff; what fails or is cancelled
// after the declare is deleted. Download: GET up to WINDOW chunks ahead, decrypt and check them in order on a
// worker into a sink (memory, or a temporary file in the target folder moved onto a fresh name only once the
// length and SHA-256 matched); a chunk that fails GCM, a wrong length or hash: FILE_DAMAGED, nothing kept.
// At most WINDOW chunks (plus the one being read) are ever held, whatever the file's size. An image whose details
// are to go (OutgoingFile.stripsPhotoDetails) is read whole and stripped (PhotoDetails) first: its size, hash and
// type are those of what is uploaded; one that cannot be read as an image is refused before any request.
package dev.vanish.client;

import dev.vanish.client.crypto.FileCrypto;
import dev.vanish.client.crypto.FileRef;
import dev.vanish.client.crypto.VanishCrypto;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

final class FileTransfers {

  /** Chunks in flight per transfer. */
  static final int WINDOW = 4;
  /** Attempts per chunk (the first and the retries). */
  static final int ATTEMPTS = 5;
  /** A Retry-After longer than this is not waited out: the upload fails with RATE_LIMITED. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  /** The chunk sizes a client accepts from a server's declare (bounds what it holds in memory). */
  static final int MIN_CHUNK_BYTES = 1024, MAX_CHUNK_BYTES = 16 << 20;

  /** Where a transfer talks to: a session's seat (its token may change or end), or a one-shot seat. */
  record Seat(Vertx vertx, Context ctx, RoomApi api, String origin, String roomId, Supplier<String> token,
              VanishClient.ServerLimits limits, Duration retryMin, Duration retryMax) {
    String tokenOrFail() {
      String t = token.get();
      if (t == null) throw new VanishException(VanishException.Code.ROOM_ENDED, "the room session has ended");
      return t;
    }
  }

  private FileTransfers() {}

  // --- upload ----------------------------------------------------------------------------------------------

  /** Uploads every chunk of a file; completes with the file object for its message (on seat.ctx). */
  static Future<FileRef> upload(Seat seat, OutgoingFile file, FileProgress progress, AtomicBoolean cancelled) {
    Promise<FileRef> result = Promise.promise();
    seat.ctx().runOnContext(v -> seat.ctx().executeBlocking(() -> Source.open(file, seat.limits().maxFileBytes()), false).onComplete(opened -> {
      if (opened.failed()) {
        result.fail(local("cannot read " + file.name(), opened.cause()));
        return;
      }
      Source source = opened.result();
      if (source.size > seat.limits().maxFileBytes()) {
        source.close();
        result.fail(tooLarge(source.size, seat.limits().maxFileBytes()));
        return;
      }
      new Upload(seat, file, source, progress, cancelled, result).start();
    }));
    return result.future();
  }

  static VanishException tooLarge(long size, long max) {
    return new VanishException(VanishException.Code.FILE_TOO_LARGE, "file too large: " + FileNames.humanSize(size)
        + "; this server takes files of at most " + FileNames.humanSize(max) + " (" + max + " bytes)");
  }

  /** What every transfer holds: where it goes, who hears of its progress, whether it was cancelled, its result. */
  private abstract static class Transfer<T> {
    final Seat seat;
    final FileProgress progress;
    final AtomicBoolean cancelled;
    final Promise<T> result;
    final MessageDigest digest = FileCrypto.sha256();

    Transfer(Seat seat, FileProgress progress, AtomicBoolean cancelled, Promise<T> result) {
      this.seat = seat;
      this.progress = progress;
      this.cancelled = cancelled;
      this.result = result;
    }

    /** One chunk request with the seat's current token, tried again after a transient failure (retryFrom). */
    <R> Future<R> request(java.util.function.Function<String, Future<R>> call, int attempt, Backoff backoff) {
      if (cancelled.get()) return Future.failedFuture(cancelledError());
      String token;
      try {
        token = seat.tokenOrFail();
      } catch (VanishException e) {
        return Future.failedFuture(e);
      }
      return call.apply(token).recover(e -> retryFrom(seat, e, attempt, backoff, b -> request(call, attempt + 1, b)));
    }
  }

  private static final class Upload extends Transfer<FileRef> {
    final OutgoingFile file;
    final Source source;
    final byte[] key = FileCrypto.newFileKey();
    RoomApi.Declared declared;
    int next;
    int inFlight;
    int stored;
    long done;
    VanishException failure;

    Upload(Seat seat, OutgoingFile file, Source source, FileProgress progress, AtomicBoolean cancelled, Promise<FileRef> result) {
      super(seat, progress, cancelled, result);
      this.file = file;
      this.source = source;
    }

    void start() {
      // The declaration is retried like a chunk: its reservation counts toward the upload rate too (a 429 waits).
      request(token -> seat.api().declareFile(seat.origin(), seat.roomId(), token, source.size), 1, null).onComplete(ar -> {
        if (ar.failed()) {
          finish(ar.cause() instanceof VanishException e ? e : local("declare failed", ar.cause()));
          return;
        }
        RoomApi.Declared d = ar.result();
        declared = d;
        if (d.chunkBytes() < MIN_CHUNK_BYTES || d.chunkBytes() > MAX_CHUNK_BYTES
            || d.chunks() != FileCrypto.chunkCount(source.size, d.chunkBytes())) {
          failure = new VanishException(VanishException.Code.PROTOCOL, "the server declared " + d.chunks() + " chunks of "
              + d.chunkBytes() + " bytes for " + source.size + " bytes");
          finish(failure);
          return;
        }
        pump();
      });
    }

    /** Starts chunks until WINDOW are in flight. Reads run in order (ordered executeBlocking), so the hash does. */
    void pump() {
      while (failure == null && inFlight < WINDOW && next < declared.chunks()) {
        int i = next++;
        inFlight++;
        int n = declared.chunks();
        int len = FileCrypto.chunkPlainBytes(source.size, declared.chunkBytes(), i);
        seat.ctx().executeBlocking(() -> {
          if (cancelled.get() || failure != null) throw cancelledError();
          Slice plain = source.read((long) i * declared.chunkBytes(), len);
          digest.update(plain.array(), plain.offset(), len);
          return FileCrypto.encryptChunk(key, seat.roomId(), declared.fileId(), i, n, plain.array(), plain.offset(), len);
        }, true).compose(chunk -> request(token -> seat.api().putChunk(seat.origin(), seat.roomId(), token,
            declared.fileId(), i, Buffer.buffer(chunk)), 1, null)).onComplete(ar -> {
          inFlight--;
          if (ar.failed() && failure == null) {
            failure = ar.cause() instanceof VanishException e ? e : local("cannot read " + file.name(), ar.cause());
          }
          if (ar.succeeded()) {
            stored++;
            done += len;
            progress.progress(done, source.size);
          }
          if (failure != null) {
            if (inFlight == 0) finish(failure);
            return;
          }
          if (stored == declared.chunks()) finish(null);
          else pump();
        });
      }
    }

    void finish(VanishException error) {
      source.close();
      if (error == null && cancelled.get()) error = cancelledError();
      if (error == null) {
        String sha = HexFormat.of().formatHex(digest.digest());
        result.tryComplete(new FileRef(declared.fileId(), VanishCrypto.b64(key), file.name(), source.mime, source.size, sha,
            declared.chunks(), file.kind(), file.durationMs(), file.metadata()));
        return;
      }
      if (declared != null) deleteQuietly(seat, declared.fileId()); // frees the room's reservation
      result.tryFail(error);
    }
  }

  static void deleteQuietly(Seat seat, String fileId) {
    String token = seat.token().get();
    if (token != null) seat.api().deleteFile(seat.origin(), seat.roomId(), token, fileId);
  }

  static VanishException cancelledError() {
    return new VanishException(VanishException.Code.FILE_FAILED, "cancelled");
  }

  /** The transient failures a chunk request is tried again for. */
  static boolean retryable(Throwable e) {
    if (!(e instanceof VanishException v)) return false;
    return switch (v.code()) {
      case UNREACHABLE, UNAVAILABLE, INTERNAL, RATE_LIMITED -> true;
      default -> false;
    };
  }

  /** Waits (Retry-After, else the backoff) and calls again, or fails with the error when it is not worth it. */
  private static <T> Future<T> retryFrom(Seat seat, Throwable e, int attempt, Backoff backoff,
                                         java.util.function.Function<Backoff, Future<T>> again) {
    if (!retryable(e) || attempt >= ATTEMPTS) return Future.failedFuture(e);
    Backoff b = backoff != null ? backoff : new Backoff(seat.retryMin(), seat.retryMax());
    Duration retryAfter = ((VanishException) e).retryAfter().orElse(null);
    if (retryAfter != null && retryAfter.compareTo(MAX_RETRY_AFTER) > 0) return Future.failedFuture(e);
    long delay = retryAfter != null ? Math.max(retryAfter.toMillis(), 1) : b.nextDelayMs();
    Promise<T> p = Promise.promise();
    seat.vertx().setTimer(delay, t -> seat.ctx().runOnContext(v -> again.apply(b).onComplete(p)));
    return p.future();
  }

  // --- download --------------------------------------------------------------------------------------------

  /** Where decrypted chunks go; all calls on a worker, in order. */
  interface Sink<T> {
    void write(byte[] plain) throws IOException;

    /** Everything arrived and matched: the result (a saved file's final path). */
    T finish() throws IOException;

    /** Something failed: drop what was written. */
    void abort();
  }

  /** Downloads and checks a file into a sink (opened on a worker); completes on seat.ctx. */
  static <T> Future<T> download(Seat seat, FileRef ref, java.util.concurrent.Callable<Sink<T>> openSink,
                                FileProgress progress, AtomicBoolean cancelled) {
    Promise<T> result = Promise.promise();
    seat.ctx().runOnContext(v -> {
      if (ref.size() > seat.limits().maxFileBytes()) {
        // the server takes no file this large: the message lies about it
        result.fail(damaged(ref, "it claims " + ref.size() + " bytes, more than the server takes"));
        return;
      }
      seat.ctx().executeBlocking(openSink, false).onComplete(opened -> {
        if (opened.failed()) result.fail(local("cannot write " + FileNames.clean(ref.name()), opened.cause()));
        else new Download<>(seat, ref, opened.result(), progress, cancelled, result).start();
      });
    });
    return result.future();
  }

  static VanishException damaged(FileRef ref, String why) {
    return new VanishException(VanishException.Code.FILE_DAMAGED, "the file " + FileNames.clean(ref.name())
        + " is damaged (" + why + "); nothing of it was kept");
  }

  private static final class Download<T> extends Transfer<T> {
    final FileRef ref;
    final Sink<T> sink;
    final byte[] key;
    final ArrayDeque<Future<Buffer>> ahead = new ArrayDeque<>();
    int fetched;
    long total;

    Download(Seat seat, FileRef ref, Sink<T> sink, FileProgress progress, AtomicBoolean cancelled, Promise<T> result) {
      super(seat, progress, cancelled, result);
      this.ref = ref;
      this.sink = sink;
      this.key = ref.keyBytes();
    }

    void start() {
      while (fetched < ref.chunks() && ahead.size() < WINDOW) ahead.add(fetch(fetched++));
      step(0);
    }

    Future<Buffer> fetch(int i) {
      return request(token -> seat.api().getChunk(seat.origin(), seat.roomId(), token, ref.id(), i), 1, null);
    }

    /** Decrypts and writes chunk i once it arrived, then asks for the next one beyond the window. */
    void step(int i) {
      ahead.poll().compose(chunk -> seat.ctx().executeBlocking(() -> {
        if (cancelled.get()) throw cancelledError();
        byte[] bytes = chunk.getBytes();
        byte[] plain;
        try {
          plain = FileCrypto.decryptChunk(key, seat.roomId(), ref.id(), i, ref.chunks(), bytes, 0, bytes.length);
        } catch (GeneralSecurityException e) {
          throw damaged(ref, "chunk " + i + " of " + ref.chunks() + " does not decrypt");
        }
        total += plain.length;
        if (total > ref.size()) throw damaged(ref, "it is longer than its " + ref.size() + " bytes");
        digest.update(plain);
        sink.write(plain);
        return plain.length;
      }, true)).onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        progress.progress(total, ref.size());
        if (fetched < ref.chunks()) ahead.add(fetch(fetched++));
        if (i + 1 < ref.chunks()) step(i + 1);
        else finish();
      });
    }

    void finish() {
      seat.ctx().executeBlocking(() -> {
        if (total != ref.size()) throw damaged(ref, "it has " + total + " bytes, not " + ref.size());
        if (!HexFormat.of().formatHex(digest.digest()).equals(ref.sha256())) throw damaged(ref, "its SHA-256 does not match");
        return sink.finish();
      }, true).onComplete(ar -> {
        if (ar.failed()) fail(ar.cause());
        else result.tryComplete(ar.result());
      });
    }

    void fail(Throwable cause) {
      ahead.clear();
      VanishException e = cause instanceof VanishException v ? v : local("cannot write " + FileNames.clean(ref.name()), cause);
      if (e.code() == VanishException.Code.FILE_NOT_FOUND) e = new VanishException(VanishException.Code.FILE_NOT_FOUND,
          "the file " + FileNames.clean(ref.name()) + " is not on the server (the room ended, or it was never uploaded)");
      VanishException error = e;
      seat.ctx().executeBlocking(() -> {
        sink.abort();
        return null;
      }, true).onComplete(x -> result.tryFail(error));
    }
  }

  /** Into memory (a file is at most the server's maxFileBytes). */
  static Sink<byte[]> memory(long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 24));
    return new Sink<>() {
      public void write(byte[] plain) {
        out.write(plain, 0, plain.length);
      }

      public byte[] finish() {
        return out.toByteArray();
      }

      public void abort() {
        out.reset();
      }
    };
  }

  /**
   * Into a temporary file in {@code dir} (only its owner can read it: createTempFile), moved onto a fresh name
   * there (FileNames.reserve: never overwriting) once everything matched; deleted on any failure.
   */
  static Sink<Path> folder(Path dir, String claimedName) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a folder");
    Path tmp = Files.createTempFile(dir, ".vanish-", ".part");
    FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    return new Sink<>() {
      public void write(byte[] plain) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(plain);
        while (b.hasRemaining()) out.write(b);
      }

      public Path finish() throws IOException {
        out.close();
        Path target = FileNames.reserve(dir, claimedName);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.deleteIfExists(target);
          throw e;
        }
        return target;
      }

      public void abort() {
        try {
          out.close();
        } catch (IOException ignored) {
          // deleting it anyway
        }
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    };
  }

  /** A photo whose details are to go but cannot be removed fails here (its details are removed and dropped). */
  static void checkStrippable(OutgoingFile f, long maxFileBytes) throws IOException {
    if (f.stripsPhotoDetails()) Source.open(f, maxFileBytes);
  }

  static VanishException unstrippable(OutgoingFile f, String why) {
    return new VanishException(VanishException.Code.FILE_FAILED, "the photo " + FileNames.clean(f.name())
        + " was not sent: its details (location, camera) could not be removed, " + why + "; to send it as it is,"
        + " keep its details (vanish send --keep-photo-details, OutgoingFile.keepingPhotoDetails())");
  }

  static VanishException local(String what, Throwable cause) {
    if (cause instanceof VanishException v) return v;
    String why = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
    return new VanishException(VanishException.Code.FILE_FAILED, what + ": " + why, null, cause);
  }

  // --- sources ---------------------------------------------------------------------------------------------

  /** A chunk's plaintext: len bytes of array from offset. */
  private record Slice(byte[] array, int offset) {}

  /**
   * What an upload reads: a file on disk (positional reads, one chunk at a time) or bytes in memory (a stripped
   * image is), and the media type it is announced with.
   */
  private static final class Source {
    final long size;
    final byte[] bytes;
    final FileChannel channel;
    final String mime;

    private Source(long size, byte[] bytes, FileChannel channel, String mime) {
      this.size = size;
      this.bytes = bytes;
      this.channel = channel;
      this.mime = mime;
    }

    static Source open(OutgoingFile f, long maxFileBytes) throws IOException {
      if (f.path() != null && !Files.isRegularFile(f.path())) throw new IOException(f.path() + " is not a file");
      if (f.stripsPhotoDetails()) return stripped(f, maxFileBytes);
      if (f.bytes() != null) return new Source(f.bytes().length, f.bytes(), null, f.mime());
      FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ);
      return new Source(ch.size(), null, ch, f.mime());
    }

    /** The image without its details (PhotoDetails), typed by its first bytes; refused when it is not one. */
    private static Source stripped(OutgoingFile f, long maxFileBytes) throws IOException {
      long size = f.bytes() != null ? f.bytes().length : Files.size(f.path());
      if (size > maxFileBytes) throw tooLarge(size, maxFileBytes); // as it was given, as the page counts it
      byte[] image = f.bytes() != null ? f.bytes() : Files.readAllBytes(f.path());
      String type = PhotoDetails.sniff(image);
      try {
        if (type == null) throw new PhotoDetails.Unreadable("it is not a JPEG, PNG, GIF or WebP image");
        byte[] out = PhotoDetails.strip(type, image);
        return new Source(out.length, out, null, type);
      } catch (PhotoDetails.Unreadable e) {
        throw unstrippable(f, e.getMessage());
      }
    }

    /** The chunk's plaintext: from memory a view of the array (no copy), from disk a fresh array of len. */
    Slice read(long position, int len) throws IOException {
      if (bytes != null) return new Slice(bytes, (int) position);
      byte[] out = new byte[len];
      ByteBuffer b = ByteBuffer.wrap(out);
      while (b.hasRemaining()) {
        int r = channel.read(b, position + b.position());
        if (r < 0) throw new IOException("the file became shorter while it was sent");
      }
      return new Slice(out, 0);
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // read-only
        }
      }
    }
  }
}
