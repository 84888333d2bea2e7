// The blocking side of a RoomSession: received messages, files and events queue up here; sends wait for their ack.
package dev.vanish.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public final class BlockingRoom implements RoomListener, AutoCloseable {

  private final LinkedBlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<IncomingFile> files = new LinkedBlockingQueue<>();
  /** How long a file transfer may take before a blocking call gives up on it. */
  static final Duration FILE_WAIT = Duration.ofMinutes(10);
  private volatile RoomSession session;

  BlockingRoom() {}

  void attach(RoomSession session) {
    this.session = session;
  }

  public RoomSession session() {
    return session;
  }

  /** Sends a message and waits for its ack. */
  public Ack send(String text) {
    return BlockingVanish.await(session.send(text));
  }

  /** Sends, waiting out rate limits (up to the given number of retries). */
  public Ack sendPaced(String text, int retries) {
    for (int i = 0; ; i++) {
      try {
        return send(text);
      } catch (VanishException e) {
        if (e.code() != VanishException.Code.RATE_LIMITED || i >= retries) throw e;
        sleep(e.retryAfter().orElse(Duration.ofSeconds(1)));
      }
    }
  }

  /** Sends a file from disk and waits for its message's ack (see RoomSession.sendFile). */
  public Ack sendFile(Path path) {
    return sendFile(OutgoingFile.of(path), FileProgress.NONE);
  }

  /** Sends bytes as a file named {@code name} of type {@code mime} (null: from the name) and waits for the ack. */
  public Ack sendFile(byte[] bytes, String name, String mime) {
    return sendFile(OutgoingFile.of(bytes, name, mime), FileProgress.NONE);
  }

  public Ack sendFile(OutgoingFile file, FileProgress progress) {
    return BlockingVanish.await(session.sendFile(file, progress).result(), FILE_WAIT);
  }

  /** The next received file (own ones included), or empty after the timeout. */
  public Optional<IncomingFile> nextFile(Duration timeout) {
    return poll(files, timeout);
  }

  /** Downloads a received file into memory and waits for it (checked: FILE_DAMAGED when it is not intact). */
  public byte[] download(IncomingFile file) {
    return BlockingVanish.await(file.download(), FILE_WAIT);
  }

  /** Saves a received file into a folder (never overwriting) and returns its path. */
  public Path save(IncomingFile file, Path dir) {
    return BlockingVanish.await(file.saveTo(dir), FILE_WAIT);
  }

  /** The next received message (own ones included), or empty after the timeout. */
  public Optional<ChatMessage> next(Duration timeout) {
    return poll(messages, timeout);
  }

  private static <T> Optional<T> poll(LinkedBlockingQueue<T> queue, Duration timeout) {
    try {
      return Optional.ofNullable(queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Every message received and not yet taken. */
  public List<ChatMessage> drain() {
    List<ChatMessage> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  /** Every integrity notice received and not yet taken. */
  public List<Notice> drainNotices() {
    List<Notice> out = new ArrayList<>();
    notices.drainTo(out);
    return out;
  }

  /** Why the session ended, if it did. */
  public Optional<EndReason> ended() {
    var f = session.ended();
    return f.isComplete() ? Optional.of(f.result()) : Optional.empty();
  }

  public void leave() {
    BlockingVanish.await(session.leave());
  }

  public void destroy() {
    BlockingVanish.await(session.destroy());
  }

  /** Closes the socket without leaving. */
  @Override
  public void close() {
    BlockingVanish.await(session.close());
  }

  @Override
  public void onMessage(ChatMessage message) {
    messages.add(message);
  }

  /** Files queue up separately from messages (their captions are not in next()). */
  @Override
  public void onFile(IncomingFile file) {
    files.add(file);
  }

  @Override
  public void onNotice(Notice notice) {
    notices.add(notice);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VanishException(VanishException.Code.UNREACHABLE, "interrupted", null, e);
    }
  }
}
