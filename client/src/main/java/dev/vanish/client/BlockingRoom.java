// The blocking side of a RoomSession: received messages and events queue up here; sends wait for their ack.
package dev.vanish.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public final class BlockingRoom implements RoomListener, AutoCloseable {

  private final LinkedBlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
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

  /** The next received message (own ones included), or empty after the timeout. */
  public Optional<ChatMessage> next(Duration timeout) {
    try {
      return Optional.ofNullable(messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
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
