// A file another member (or this session) sent, as RoomListener.onFile gives it: the message it came in (its
// text is the caption), the file's validated claims — name (as sent, and cleaned for showing and saving), type,
// size, SHA-256, kind — and download() into memory or saveTo(dir) on disk. Nothing is fetched until asked; a
// file that does not decrypt or whose length or hash is wrong fails with FILE_DAMAGED and leaves nothing behind.
// Downloads use the session's seat: they fail with ROOM_ENDED once the session ended, and with FILE_NOT_FOUND
// once the room is gone.
package dev.vanish.client;

import dev.vanish.client.crypto.FileRef;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

public final class IncomingFile {

  private final ChatMessage message;
  private final FileRef ref;
  private final FileTransfers.Seat seat;

  IncomingFile(ChatMessage message, FileRef ref, FileTransfers.Seat seat) {
    this.message = message;
    this.ref = ref;
    this.seat = seat;
  }

  /** The message that carried the file: id, time, sender, sender's name, caption (text), mine. */
  public ChatMessage message() { return message; }

  /** The file object as sent (its key included). */
  public FileRef ref() { return ref; }

  public String fileId() { return ref.id(); }

  /** The name exactly as the sender gave it: never use it as a path (see name()). */
  public String rawName() { return ref.name(); }

  /** The name cleaned for showing and saving (FileNames.clean): no separators, controls or leading dots. */
  public String name() { return FileNames.clean(ref.name()); }

  public String mime() { return ref.mime(); }

  public long size() { return ref.size(); }

  public String sha256() { return ref.sha256(); }

  /** "image", "voice" or "file". */
  public String kind() { return ref.kind(); }

  public Optional<Long> durationMs() { return Optional.ofNullable(ref.durationMs()); }

  /** Images: "stripped" or "kept" (the sender's claim about EXIF, GPS and the like). */
  public Optional<String> metadata() { return Optional.ofNullable(ref.metadata()); }

  /** Whether a viewer would show it inline: an image of type JPEG, PNG, GIF or WebP. */
  public boolean inlineImage() { return ref.inlineImage(); }

  /** The sender's memberId. */
  public String memberId() { return message.memberId(); }

  /** Whether this session sent it. */
  public boolean mine() { return message.mine(); }

  /** The whole file in memory, checked. */
  public Future<byte[]> download() {
    return download(FileProgress.NONE).result();
  }

  public FileTransfer<byte[]> download(FileProgress progress) {
    AtomicBoolean cancelled = new AtomicBoolean();
    return new FileTransfer<>(cancelled,
        FileTransfers.download(seat, ref, () -> FileTransfers.memory(ref.size()), progress, cancelled));
  }

  /**
   * Saves the file into a folder under its cleaned name, or "name (1).ext", "name (2).ext"… when that exists
   * (never overwriting); completes with the path. It is written to a temporary file in that folder first and
   * moved to its name only after its length and SHA-256 matched.
   */
  public Future<Path> saveTo(Path dir) {
    return saveTo(dir, FileProgress.NONE).result();
  }

  public FileTransfer<Path> saveTo(Path dir, FileProgress progress) {
    AtomicBoolean cancelled = new AtomicBoolean();
    return new FileTransfer<>(cancelled, FileTransfers.download(seat, ref, () -> FileTransfers.folder(dir, ref.name()),
        progress, cancelled));
  }

  @Override
  public String toString() {
    return "IncomingFile[" + name() + ", " + mime() + ", " + size() + " bytes, from " + memberId() + "]";
  }
}
