// A RoomListener for tests: records every callback in thread-safe queues to wait on.
package dev.vanish.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

final class Recorder implements RoomListener {

  final LinkedBlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
  final List<ChatMessage> all = new CopyOnWriteArrayList<>();
  final List<String> undecryptable = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<String> typing = new LinkedBlockingQueue<>();
  final List<ConnectionState> states = new CopyOnWriteArrayList<>();
  final List<EndReason> ended = new CopyOnWriteArrayList<>();
  final List<VanishException> errors = new CopyOnWriteArrayList<>();
  final List<Notice> notices = new CopyOnWriteArrayList<>();
  volatile List<Member> members = List.of();

  @Override public void onMessage(ChatMessage m) { all.add(m); messages.add(m); }
  @Override public void onUndecryptable(String id, String memberId) { undecryptable.add(id); }
  @Override public void onPresence(List<Member> m) { members = m; }
  @Override public void onTyping(String memberId) { typing.add(memberId); }
  volatile String thread;

  @Override public void onState(ConnectionState s) { states.add(s); thread = Thread.currentThread().getName(); }
  @Override public void onEnded(EndReason r) { ended.add(r); }
  @Override public void onError(VanishException e) { errors.add(e); }
  @Override public void onNotice(Notice n) { notices.add(n); }

  ChatMessage next() {
    try {
      ChatMessage m = messages.poll(10, TimeUnit.SECONDS);
      if (m == null) throw new AssertionError("no message within 10 s; had " + all);
      return m;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The texts of the first n messages received from now on. */
  List<String> texts(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(next().text());
    return out;
  }

  static void eventually(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  long online() {
    return members.stream().filter(Member::online).count();
  }

  static <T> Predicate<T> any() { return t -> true; }
}
