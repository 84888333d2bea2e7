// One room of the soak from creation to its end, on one lane (event-loop context) only: every member session
// is joined from that context, so every callback, timer and book below runs on one thread and needs no lock.
// Its life is drawn when it is created: a lifetime, maybe a DESTROY NOW by a member part-way, a member who
// joins late and one who leaves, sockets cut (the members resume); members chat at a fixed rate throughout.
// A firehose room instead holds busy talkers and one NonReader, and is destroyed once the reader was cut.
//
// The books: the server's acks (message id -> sender and seq) and, per member, the ids it received (replay
// and live). At the end every member must have received every acknowledged message up to its window: to the
// room's last ack at the moment it saw the room end (destroyed/expired frame while connected), otherwise to
// the last id it received (it left, destroyed the room itself, or was cut off when the room ended). Ids are
// per room and start at 1, and a joiner's replay starts at the first message (rooms stay far below the
// history limit), so a late joiner owes the whole history too. A (sender, seq) stored under two ids is a
// duplicate (a resend of a message that was stored); two different texts under one id a mismatch.
package dev.vanish.bench;

import dev.vanish.client.ChatMessage;
import dev.vanish.client.ConnectionState;
import dev.vanish.client.EndReason;
import dev.vanish.client.Link;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishClient;
import dev.vanish.client.VanishException;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

final class ChurnRoom {

  private static final long ROOM_END_RACE_MS = 3000;

  /** What the room runs with; shared by every room of a run. */
  record Env(Churn.Plan plan, Vertx vertx, VanishClient client, String server, CuttingProxy proxy,
             NonReader nonReader, SoakCounters counters, Errors errors, AtomicInteger memberIds, Runnable finished) {}

  private final Env env;
  private final int index;
  private final boolean firehose;
  private final Random rnd;
  private final int ttlSeconds;
  private final String padding;
  private Link link;
  private long createdMs;
  private boolean ended;
  private boolean destroying;
  private boolean finished;
  private int joining;
  private int cutsOutstanding;
  private boolean nonReaderDone = true;
  private long maxAcked;
  /** When the end was first seen here (a frame, or the destroy sent); 0 before. */
  private long endSeenMs;
  /** When sends were refused room_not_found: the room ended under them, or it is an error. */
  private final List<Long> refusedAsGone = new ArrayList<>();
  private final Map<Long, Long> acked = new HashMap<>();
  private final Map<Long, Long> payloadAt = new HashMap<>();   // id -> sender<<32 | seq, as received
  private final Map<Long, Long> idOf = new HashMap<>();        // sender<<32 | seq -> id, as received
  private final List<Member> members = new ArrayList<>();

  ChurnRoom(Env env, int index, boolean firehose) {
    this.env = env;
    this.index = index;
    this.firehose = firehose;
    this.rnd = new Random(env.plan().seed() * 1_000_003L + index);
    Churn.Plan p = env.plan();
    // A firehose room outlives its non-reader's hold and grace (it is destroyed as soon as the reader is cut).
    this.ttlSeconds = firehose ? (int) Math.max(p.ttlMinSeconds(), p.nonReaderHoldMs() / 1000 + 30)
        : p.ttlMinSeconds() + rnd.nextInt(p.ttlMaxSeconds() - p.ttlMinSeconds() + 1);
    this.padding = Payload.padding(firehose ? p.firehosePayloadBytes() : p.payloadBytes());
  }

  /** Creates the room and schedules its life; call on the room's lane. */
  void start() {
    Churn.Plan p = env.plan();
    int capacity = firehose ? p.firehoseTalkers() + 1 : p.capacity();
    env.client().createRoom(env.server(), ttlSeconds, capacity).onComplete(ar -> {
      if (ar.failed()) {
        env.errors().add("create:" + VanishTransport.kind(ar.cause()));
        finish();
        return;
      }
      link = ar.result();
      createdMs = System.currentTimeMillis();
      env.counters().roomsCreated.increment();
      if (firehose) startFirehose(p);
      else scheduleLife(p);
      // Safety net: a room whose sessions did not all end well after its lifetime is an error, not a hang.
      env.vertx().setTimer(ttlSeconds * 1000L + 30_000, t -> giveUp());
    });
  }

  private void scheduleLife(Churn.Plan p) {
    long lifeMs = ttlSeconds * 1000L;
    long endMs = lifeMs;
    if (rnd.nextDouble() < p.destroyFraction()) {
      endMs = (long) (lifeMs * (0.3 + 0.5 * rnd.nextDouble()));
      at(endMs, this::destroy);
    }
    for (int i = 0; i < p.initialMembers(); i++) join(false);
    long quiet = endMs - 3000; // nothing but chat in a room's last seconds, so no join races its end
    long joinAt = (long) (endMs * (0.1 + 0.3 * rnd.nextDouble()));
    if (joinAt < quiet) at(joinAt, () -> join(false));
    long leaveAt = (long) (endMs * (0.4 + 0.3 * rnd.nextDouble()));
    if (leaveAt < quiet) at(leaveAt, this::leaveOne);
    for (int i = 0; i < p.dropsPerRoom(); i++) {
      long dropAt = (long) (endMs * (0.2 + 0.7 * rnd.nextDouble()));
      if (dropAt < quiet) at(dropAt, this::dropOne);
    }
  }

  private void startFirehose(Churn.Plan p) {
    nonReaderDone = false;
    for (int i = 0; i < p.firehoseTalkers(); i++) join(true);
  }

  /** Once every talker is in: the non-reader takes the last seat, directly (never through the proxy). */
  private void startNonReader() {
    Churn.Plan p = env.plan();
    env.counters().nonReaders.increment();
    env.nonReader().run(link, p.nonReaderHoldMs(), 15_000).onComplete(ar -> {
      NonReader.Outcome o = ar.result();
      if (o.cut()) {
        // The server cuts a slow reader's TCP connection rather than queue a close frame behind the backlog
        // it will never read (realtime.Session.closeWith), so what arrives is normally no close frame (1006).
        env.counters().nonReadersCut.increment();
        String code = o.closeCode() == null ? "none" : String.valueOf(o.closeCode());
        env.counters().nonReaderCloses.add(code);
        if (!code.equals("none") && !code.equals("1006") && !code.equals("1008")) env.errors().add("nonreader:closed-" + code);
      } else {
        env.errors().add(o.failure());
      }
      nonReaderDone = true;
      for (Member m : members) m.stopChat();
      destroy(); // frees the megabytes of history the talkers stored at once
    });
  }

  private void at(long delayMs, Runnable action) {
    env.vertx().setTimer(Math.max(1, delayMs), t -> {
      if (!ended && !destroying) action.run();
    });
  }

  // --- members ---------------------------------------------------------------------------------------------

  private void join(boolean talker) {
    Member m = new Member(env.memberIds().getAndIncrement(), talker);
    joining++;
    // Chatting members go through the proxy so that their sockets can be cut; talkers go direct.
    Link via = new Link(talker ? link.origin() : env.proxy().origin(), link.roomId(), link.key());
    env.client().join(via, "m" + m.index, m).onComplete(ar -> {
      joining--;
      if (ar.succeeded()) {
        m.session = ar.result();
        members.add(m);
        env.counters().joins.increment();
        m.startChat();
        if (firehose && !nonReaderDone && members.size() == env.plan().firehoseTalkers()) startNonReader();
      } else if (!ended) {
        env.errors().add("join:" + VanishTransport.kind(ar.cause()));
      }
      maybeFinish();
    });
  }

  private Member pickConnected() {
    List<Member> live = new ArrayList<>();
    for (Member m : members) if (m.end == null && !m.leaving && m.state == ConnectionState.CONNECTED) live.add(m);
    return live.isEmpty() ? null : live.get(rnd.nextInt(live.size()));
  }

  private void leaveOne() {
    Member m = pickConnected();
    if (m == null || members.stream().filter(x -> x.end == null).count() < 2) return;
    m.leaving = true;
    m.session.leave().onComplete(ar -> {
      if (ar.succeeded()) env.counters().leaves.increment();
      else if (!ended) env.errors().add("leave:" + VanishTransport.kind(ar.cause()));
    });
  }

  /** Cuts one member's socket at the proxy, when every member is connected (so the cut one reconnects). */
  private void dropOne() {
    for (Member m : members) if (m.end == null && (m.state != ConnectionState.CONNECTED || m.leaving)) return;
    if (env.proxy().cut(link.roomId())) {
      cutsOutstanding++;
      env.counters().drops.increment();
    }
  }

  private void destroy() {
    if (ended || destroying) return;
    Member m = pickConnected();
    if (m == null) return;
    destroying = true;
    endSeenMs = System.currentTimeMillis();
    m.destroyer = true;
    m.session.destroy().onComplete(ar -> {
      if (ar.failed() && !ended) env.errors().add("destroy:" + VanishTransport.kind(ar.cause()));
    });
  }

  private void roomEnded(EndReason reason) {
    if (ended) return;
    ended = true;
    if (endSeenMs == 0) endSeenMs = System.currentTimeMillis();
    if (reason == EndReason.DESTROYED) env.counters().roomsDestroyed.increment();
    else env.counters().roomsExpired.increment();
  }

  private void giveUp() {
    if (finished) return;
    for (Member m : members) {
      if (m.end == null) {
        env.errors().add("room:unfinished");
        m.session.close();
      }
    }
    if (!nonReaderDone) env.errors().add("room:nonreader-unfinished");
    nonReaderDone = true;
    joining = 0;
    maybeFinish();
  }

  private void maybeFinish() {
    if (finished || joining > 0 || !nonReaderDone) return;
    for (Member m : members) if (m.end == null) return;
    if (members.isEmpty() && !ended && link != null && System.currentTimeMillis() < createdMs + ttlSeconds * 1000L) return;
    finish();
  }

  /** Checks the books and tells the driver the room is done. */
  private void finish() {
    if (finished) return;
    finished = true;
    SoakCounters c = env.counters();
    for (long at : refusedAsGone) {
      // A send can meet the deadline on the server before the expired frame reaches the lane (the engine
      // ends a room on a timer): refused up to 3 s before the end was seen here, it raced the end.
      if (endSeenMs > 0 && at >= endSeenMs - ROOM_END_RACE_MS) c.sendsCutByEnd.increment();
      else env.errors().add("send:room_not_found");
    }
    for (Map.Entry<Long, Long> a : acked.entrySet()) {
      Long seen = payloadAt.get(a.getKey());
      if (seen != null && !seen.equals(a.getValue())) c.mismatched.increment();
    }
    for (Member m : members) {
      for (Map.Entry<Long, Long> a : acked.entrySet()) {
        long id = a.getKey();
        if (id > m.windowEnd) continue;
        c.expected.increment();
        if (!m.received.get((int) id)) c.lost.increment();
      }
    }
    c.roomsFinished.increment();
    env.finished().run();
  }

  /** One member: its session's listener, its chat timer and its book. */
  private final class Member implements RoomListener {
    final int index;
    final boolean talker;
    RoomSession session;
    final BitSet received = new BitSet();
    long maxReceived;
    long windowEnd;
    int seq;
    long chatTimer = -1;
    ConnectionState state = ConnectionState.CONNECTING;
    boolean reconnecting;
    boolean leaving;
    boolean destroyer;
    EndReason end;

    Member(int index, boolean talker) {
      this.index = index;
      this.talker = talker;
    }

    void startChat() {
      double rate = talker ? env.plan().firehoseRate() : env.plan().rate();
      if (rate <= 0 || end != null) return;
      long interval = Math.max(1, (long) (1000 / rate));
      chatTimer = env.vertx().setPeriodic(1 + rnd.nextInt((int) interval), interval, t -> send());
    }

    void stopChat() {
      if (chatTimer >= 0) env.vertx().cancelTimer(chatTimer);
      chatTimer = -1;
    }

    private void send() {
      if (end != null || leaving) return;
      int s = seq++;
      long key = ((long) index << 32) | s;
      session.send(Payload.text(index, s, System.nanoTime(), padding)).onComplete(ar -> {
        if (ar.succeeded()) {
          long id = Long.parseLong(ar.result().id());
          acked.put(id, key);
          maxAcked = Math.max(maxAcked, id);
          env.counters().sent.increment();
        } else if (ar.cause() instanceof VanishException e && e.code() == VanishException.Code.ROOM_ENDED) {
          env.counters().sendsCutByEnd.increment(); // due as the room ended, or as this member left
        } else if (ar.cause() instanceof VanishException e && e.code() == VanishException.Code.ROOM_NOT_FOUND) {
          refusedAsGone.add(System.currentTimeMillis()); // judged at the end: the room's end or an error
        } else {
          env.errors().add("send:" + VanishTransport.kind(ar.cause()));
        }
      });
    }

    @Override
    public void onMessage(ChatMessage msg) {
      long id;
      try {
        id = Long.parseLong(msg.id());
      } catch (RuntimeException e) {
        env.errors().add("bad-id");
        return;
      }
      Payload p = Payload.parseText(msg.text());
      if (p == null) {
        env.errors().add("unparsable");
        return;
      }
      long key = ((long) p.sender() << 32) | p.seq();
      env.counters().received.increment();
      received.set((int) id);
      maxReceived = Math.max(maxReceived, id);
      Long before = payloadAt.putIfAbsent(id, key);
      if (before != null && before != key) env.counters().mismatched.increment();
      Long firstId = idOf.putIfAbsent(key, id);
      if (firstId != null && firstId != id) env.counters().duplicates.increment();
    }

    @Override
    public void onUndecryptable(String id, String memberId) {
      env.errors().add("undecryptable");
    }

    @Override
    public void onState(ConnectionState s) {
      if (s == ConnectionState.RECONNECTING && state == ConnectionState.CONNECTED) {
        reconnecting = true;
        if (cutsOutstanding > 0) cutsOutstanding--;
        else env.errors().add("reconnect:unexpected");
      } else if (s == ConnectionState.CONNECTED && reconnecting) {
        reconnecting = false;
        env.counters().resumed.increment();
      }
      if (s != ConnectionState.CLOSED) state = s;
    }

    @Override
    public void onEnded(EndReason reason) {
      end = reason;
      stopChat();
      boolean knownEnded = ended;
      boolean roomEnd = reason == EndReason.DESTROYED || reason == EndReason.EXPIRED;
      if (roomEnd || reason == EndReason.NOT_FOUND) roomEnded(destroying || reason == EndReason.DESTROYED
          ? EndReason.DESTROYED : EndReason.EXPIRED);
      boolean strict = roomEnd && state == ConnectionState.CONNECTED && !destroyer;
      windowEnd = strict ? Math.max(maxAcked, maxReceived) : maxReceived;
      switch (reason) {
        case DESTROYED, EXPIRED, CLOSED -> { }
        case NOT_FOUND -> {
          if (!reconnecting && !knownEnded) env.errors().add("ended:not_found");
        }
        case LEFT -> {
          if (!leaving) env.errors().add("ended:left");
        }
        default -> env.errors().add("ended:" + reason.name().toLowerCase());
      }
      maybeFinish();
    }

    @Override
    public void onError(VanishException error) {
      env.errors().add("server:" + error.code().name().toLowerCase());
    }
  }
}
