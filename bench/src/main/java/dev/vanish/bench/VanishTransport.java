// The Vanish target: rooms made with the client library (capacity = members, spread round-robin over the
// servers), members joined with VanishClient.join from the generator's context so each RoomSession lives on
// one event loop; the library encrypts, acks and decrypts. Members join round-robin over --server URLs too,
// so with two nodes half of each room sits on each node.
package dev.vanish.bench;

import dev.vanish.client.ChatMessage;
import dev.vanish.client.ClientOptions;
import dev.vanish.client.ConnectionState;
import dev.vanish.client.EndReason;
import dev.vanish.client.Link;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishClient;
import dev.vanish.client.VanishException;
import dev.vanish.client.crypto.RoomKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

public final class VanishTransport implements Transport {

  private static final int CREATES_IN_FLIGHT = 32;

  private final VanishClient client;
  private final List<String> servers;
  private final String padding;
  private final int ttlSeconds;
  private final Errors errors;
  private Link[] links;
  /** Each room's keys, derived once for all its members (protocol v2: HKDF and an Ed25519 private key). */
  private RoomKey[] keys;
  private int members;

  public VanishTransport(Vertx vertx, List<String> servers, int payloadBytes, int ttlSeconds, Errors errors) {
    // 60 s: a v2 join is two requests and two Ed25519 operations (~1 ms each on JDK 17: the generator signs,
    // the node verifies), so a burst of thousands of joins (--ramp 5000) waits in this client's own HTTP pool
    // for longer than the 30 s it used to take; the wait is the generator's queue, not the server's answer.
    this.client = VanishClient.create(vertx, ClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(60))
        .withConnections(64, 1_000_000).withReconnect(Duration.ofMillis(250), Duration.ofSeconds(2)));
    this.servers = servers.stream().map(Link::normalizeServer).toList();
    this.padding = Payload.padding(payloadBytes);
    this.ttlSeconds = ttlSeconds;
    this.errors = errors;
  }

  @Override
  public String name() {
    return "vanish";
  }

  @Override
  public Future<Void> prepare(int rooms, int members) {
    this.members = members;
    this.links = new Link[rooms];
    this.keys = new RoomKey[rooms];
    Semaphore inFlight = new Semaphore(CREATES_IN_FLIGHT);
    for (int r = 0; r < rooms; r++) {
      int room = r;
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Future.failedFuture(e);
      }
      client.createRoom(servers.get(room % servers.size()), ttlSeconds, members).onComplete(ar -> {
        if (ar.succeeded()) links[room] = ar.result();
        else errors.add("create:" + kind(ar.cause()));
        inFlight.release();
      });
    }
    try {
      inFlight.tryAcquire(CREATES_IN_FLIGHT, 60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Conn> connect(int member, Receiver receiver) {
    int r = member / members;
    Link room = links[r];
    if (room == null) return Future.failedFuture("room not created");
    Link link = new Link(servers.get(member % servers.size()), room.roomId(), room.key());
    RoomKey key = keys[r];
    if (key == null) keys[r] = key = room.roomKey(); // members connect from the generator's lanes; a race derives twice
    Listener listener = new Listener(receiver);
    return client.join(link, key, "m" + member, listener).map(session -> {
      listener.session = session;
      return new VanishConn(member, session, listener);
    });
  }

  @Override
  public Future<Void> close() {
    return client.closeAsync();
  }

  static String kind(Throwable e) {
    return e instanceof VanishException v ? v.code().name().toLowerCase() : e.getClass().getSimpleName();
  }

  private final class VanishConn implements Conn {
    private final int member;
    private final RoomSession session;
    private final Listener listener;

    VanishConn(int member, RoomSession session, Listener listener) {
      this.member = member;
      this.session = session;
      this.listener = listener;
    }

    @Override
    public Future<Void> send(int seq, long sentNanos) {
      return session.send(Payload.text(member, seq, sentNanos, padding)).mapEmpty();
    }

    @Override
    public Future<Void> close() {
      listener.closing = true;
      return session.close();
    }
  }

  /** Turns the session's callbacks into receipts and error counts; the member's own echoes are skipped. */
  private static final class Listener implements RoomListener {
    private final Receiver receiver;
    volatile RoomSession session;
    volatile boolean closing;

    Listener(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void onMessage(ChatMessage m) {
      if (m.mine()) return;
      Payload p = Payload.parseText(m.text());
      if (p == null) receiver.error("unparsable");
      else receiver.message(p.sender(), p.seq(), p.sentNanos());
    }

    @Override
    public void onUndecryptable(String id, String memberId) {
      receiver.error("undecryptable");
    }

    @Override
    public void onState(ConnectionState state) {
      if (state == ConnectionState.RECONNECTING) receiver.error("reconnect");
    }

    @Override
    public void onEnded(EndReason reason) {
      if (!closing && session != null) receiver.error("ended:" + reason.name().toLowerCase());
    }

    @Override
    public void onError(VanishException error) {
      receiver.error("server:" + error.code().name().toLowerCase());
    }
  }
}
