// The behaviour every Engine must share, run on every backend: the memory engine, Redis 7, Redis 6.2 (classic
// pub/sub), a Redis Cluster, TLS with a password, and a Cluster over TLS. Each backend starts once per class
// invocation; every test gets a fresh engine (a fresh key prefix on Redis). Engine calls are made on one
// Vert.x context, as the server makes them; the test thread only waits for their results.
package dev.vanish.server.engine;

import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.engine.redis.RedisEngine;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RunningBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7", "REDIS_6", "CLUSTER", "TLS", "TLS_CLUSTER"})
public class EngineContractTest extends EngineTestBase {

  /** The backend of the current class invocation (invocations run one after another). */
  private static RunningBackend running;

  @Parameter
  Backend backend;

  @BeforeParameterizedClassInvocation
  static void startBackend(Backend backend) {
    running = backend.start();
  }

  @AfterParameterizedClassInvocation
  static void stopBackend() {
    if (running != null) running.close();
    running = null;
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    if (!running.usesRedis()) return new MemoryEngine(vertx, historyLimit);
    return new RedisEngine(vertx, running.redisUrl(), running.caFile(), "t" + randomId().substring(0, 8), historyLimit);
  }

  /** An engine keeping at most {@code roomBytes} of bodies per room (VANISH_ROOM_BYTES), no node budget. */
  private Engine newEngine(Vertx vertx, int historyLimit, long roomBytes) {
    if (!running.usesRedis()) return new MemoryEngine(vertx, historyLimit, roomBytes, 0, 256);
    return new RedisEngine(vertx, running.redisUrl(), running.caFile(), "t" + randomId().substring(0, 8), historyLimit,
        roomBytes, dev.vanish.server.metrics.NodeMetrics.NONE);
  }

  /**
   * Asserts nothing of the room is left in the backend (after destroy and after expiry), where the test can
   * list the backend's keys (not on the memory engine, nor on the TLS-only redis-server).
   */
  protected void assertNothingStoredFor(String roomId) {
    if (!running.canListKeys()) return;
    Collection<String> keys = Eventually.until("no key of room " + roomId + " left on " + backend, Duration.ofSeconds(3),
        Duration.ofMillis(50), () -> running.keysContaining(roomId), Collection::isEmpty);
    assertThat(keys).as("keys of room " + roomId).isEmpty();
  }

  /**
   * Asserts that no event arrived for {@code roomId}: a typing notice on a subscribed control room goes through
   * the broker after whatever came before, so once it arrives anything earlier would have arrived too.
   */
  protected void assertNoEventsFor(String roomId) throws Exception {
    RoomMeta control = newRoom(1);
    call(() -> engine.subscribe(control.roomId()));
    call(() -> engine.publish(control.roomId(), RoomEvent.typing("sentinel")));
    List<Seen> before = new ArrayList<>();
    while (true) {
      Seen seen = nextEvent();
      if (seen.roomId().equals(control.roomId())) break;
      before.add(seen);
    }
    call(() -> engine.unsubscribe(control.roomId()));
    assertThat(before).extracting(Seen::roomId).doesNotContain(roomId);
  }

  // --- rooms ----------------------------------------------------------------------------------------------------

  @Test
  void createdRoomIsFound() throws Exception {
    RoomMeta room = newRoom(3);
    assertThat(call(() -> engine.findRoom(room.roomId(), now()))).isEqualTo(room);
    assertThat(call(() -> engine.findRoom(randomId(), now()))).isNull();
  }

  @Test
  void roomIsGoneAtItsExpiry() throws Exception {
    RoomMeta room = newRoom(2, 1_000);
    String a = randomId();
    assertThat(seat(room, a, randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
    call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
    call(() -> engine.heartbeat(room.roomId(), "node1", List.of(a), now() + 60_000, now() + 60_000));
    call(() -> engine.appendMessage(room.roomId(), a, "Ym9keQ", now()));
    assertThat(call(() -> engine.findRoom(room.roomId(), room.expiresAt() - 1))).isEqualTo(room);
    assertThat(call(() -> engine.findRoom(room.roomId(), room.expiresAt()))).as("expiresAt <= now").isNull();

    sleep(Math.max(0, room.expiresAt() - now()) + 150);
    assertThat(call(() -> engine.findRoom(room.roomId(), now()))).isNull();
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000)))
        .isEqualTo(SeatOutcome.NO_ROOM);
    assertNothingStoredFor(room.roomId());
  }

  @Test
  void aChallengeNonceIsSpentOnceWhateverTheOutcomeAndDiesWithTheRoom() throws Exception {
    RoomMeta room = newRoom(1);
    long until = now() + 60_000;
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "bm9uY2Ux", until)))
        .isEqualTo(SeatOutcome.SEATED);
    // The same nonce again: NO_ROOM (a replay), and nothing changes.
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "bm9uY2Ux", until)))
        .isEqualTo(SeatOutcome.NO_ROOM);
    assertThat(call(() -> engine.members(room.roomId(), now()))).hasSize(1);
    // A refusal for a full room spends its nonce too.
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "bm9uY2Uy", until)))
        .isEqualTo(SeatOutcome.FULL);
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "bm9uY2Uy", until)))
        .isEqualTo(SeatOutcome.NO_ROOM);
    // A nonce is remembered until its challenge expires, then forgotten (the challenge itself is refused by then, 400).
    long soon = now() + 300;
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "c29vbg", soon)))
        .isEqualTo(SeatOutcome.FULL);
    sleep(400);
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "c29vbg", soon)))
        .isEqualTo(SeatOutcome.FULL);
    // Nonces are the room's data: a room created again under the same id knows none of them.
    assertThat(call(() -> engine.destroyRoom(room.roomId()))).isTrue();
    assertNothingStoredFor(room.roomId());
    call(() -> engine.createRoom(new RoomMeta(room.roomId(), randomId(), 2, now() + 60_000)));
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000, "bm9uY2Ux", until)))
        .isEqualTo(SeatOutcome.SEATED);
  }

  @Test
  void aLiveRoomsIdCannotBeCreatedTwice() throws Exception {
    RoomMeta room = newRoom(2);
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> call(() -> engine.createRoom(new RoomMeta(room.roomId(), randomId(), 2, now() + 60_000))));
    while (refused != null && !(refused instanceof VanishError)) refused = refused.getCause();
    assertThat(refused).isInstanceOf(VanishError.class);
    assertThat(((VanishError) refused).code()).isEqualTo(ErrorCode.ROOM_EXISTS);
    assertThat(call(() -> engine.findRoom(room.roomId(), now())).publicKey()).isEqualTo(room.publicKey());
  }

  @Test
  void wrongPassphrasesAreCountedOncePerNonceAndTheLastDestroysTheRoom() throws Exception {
    RoomMeta room = new RoomMeta(randomId(), randomId(), randomId(), 3, 2, now() + 60_000);
    call(() -> engine.createRoom(room));
    String member = randomId();
    seat(room, member, randomId(), now() + 60_000);
    call(() -> engine.subscribe(room.roomId()));
    long until = now() + 60_000;
    assertThat(call(() -> engine.countWrongPassphrase(room.roomId(), "dzE", until, now()))).isEqualTo(2);
    assertThat(call(() -> engine.countWrongPassphrase(room.roomId(), "dzE", until, now()))).isEqualTo(-1); // replayed
    RoomMeta found = call(() -> engine.findRoom(room.roomId(), now()));
    assertThat(found.failures()).isEqualTo(1);
    assertThat(found.attemptsLeft()).isEqualTo(2);
    assertThat(found.passphraseKey()).isEqualTo(room.passphraseKey());
    assertThat(call(() -> engine.countWrongPassphrase(room.roomId(), "dzI", until, now()))).isEqualTo(1);
    events.clear();
    assertThat(call(() -> engine.countWrongPassphrase(room.roomId(), "dzM", until, now()))).isEqualTo(0);
    Seen seen = nextEvent();
    while (seen.event().kind() != RoomEvent.Kind.DESTROYED) seen = nextEvent();
    assertThat(seen.frame()).isEqualTo(Frames.DESTROYED);
    assertThat(call(() -> engine.findRoom(room.roomId(), now()))).isNull();
    assertThat(call(() -> engine.countWrongPassphrase(room.roomId(), "dzQ", until, now()))).isEqualTo(-1);
    assertNothingStoredFor(room.roomId());
    // A room without a passphrase counts nothing.
    RoomMeta plain = newRoom(2);
    assertThat(call(() -> engine.countWrongPassphrase(plain.roomId(), "dzU", until, now()))).isEqualTo(-1);
  }

  @Test
  void destroyRemovesEverything() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String token = randomId();
    seat(room, a, token, now() + 60_000);
    call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
    call(() -> engine.appendMessage(room.roomId(), a, "Ym9keQ", now()));
    call(() -> engine.subscribe(room.roomId()));

    assertThat(call(() -> engine.destroyRoom(room.roomId()))).isTrue();
    Seen seen = nextEvent();
    assertThat(seen.roomId()).isEqualTo(room.roomId());
    assertThat(seen.event().kind()).isEqualTo(RoomEvent.Kind.DESTROYED);
    assertThat(seen.frame()).isEqualTo(Frames.DESTROYED);

    assertThat(call(() -> engine.findRoom(room.roomId(), now()))).isNull();
    assertThat(call(() -> engine.appendMessage(room.roomId(), a, "YWdhaW4", now()))).isNull();
    assertThat(call(() -> engine.authenticate(room.roomId(), token, now(), now() + 60_000)).status())
        .isEqualTo(AuthResult.Status.NO_ROOM);
    assertThat(call(() -> engine.takeSeat(room.roomId(), randomId(), randomId(), now(), now() + 60_000)))
        .isEqualTo(SeatOutcome.NO_ROOM);
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEmpty();
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 0))).isEmpty();
    assertThat(call(() -> engine.destroyRoom(room.roomId()))).isFalse();
    assertNothingStoredFor(room.roomId());
  }

  // --- seats --------------------------------------------------------------------------------------------------

  @Test
  void seatsUpToCapacityThenFull() throws Exception {
    RoomMeta room = newRoom(2);
    call(() -> engine.subscribe(room.roomId()));
    String a = randomId();
    String b = randomId();
    assertThat(seat(room, a, randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
    Seen first = nextEvent();
    assertThat(first.event().kind()).isEqualTo(RoomEvent.Kind.PRESENCE);
    assertThat(first.frame()).isEqualTo(Frames.presence(List.of(new MemberStatus(a, false))));
    assertThat(seat(room, b, randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
    assertThat(nextEvent().frame())
        .isEqualTo(Frames.presence(List.of(new MemberStatus(a, false), new MemberStatus(b, false))));
    assertThat(seat(room, randomId(), randomId(), now() + 60_000)).isEqualTo(SeatOutcome.FULL);
    assertThat(call(() -> engine.members(room.roomId(), now())))
        .containsExactly(new MemberStatus(a, false), new MemberStatus(b, false));
    assertThat(call(() -> engine.takeSeat(randomId(), randomId(), randomId(), now(), now() + 60_000)))
        .isEqualTo(SeatOutcome.NO_ROOM);
  }

  @Test
  void concurrentSeatsNeverOverbook() throws Exception {
    RoomMeta room = newRoom(2);
    long now = now();
    List<SeatOutcome> outcomes = call(() -> {
      List<Future<SeatOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 30; i++) all.add(engine.takeSeat(room.roomId(), randomId(), randomId(), now, now + 60_000));
      return Future.all(all).map(cf -> cf.<SeatOutcome>list());
    });
    assertThat(outcomes).filteredOn(o -> o == SeatOutcome.SEATED).hasSize(2);
    assertThat(outcomes).filteredOn(o -> o == SeatOutcome.FULL).hasSize(28);
    assertThat(call(() -> engine.members(room.roomId(), now()))).hasSize(2);
  }

  @Test
  void authenticateResolvesTokens() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String token = randomId();
    seat(room, a, token, now() + 60_000);
    AuthResult ok = call(() -> engine.authenticate(room.roomId(), token, now(), now() + 60_000));
    assertThat(ok.status()).isEqualTo(AuthResult.Status.OK);
    assertThat(ok.room()).isEqualTo(room);
    assertThat(ok.memberId()).isEqualTo(a);
    assertThat(call(() -> engine.authenticate(room.roomId(), randomId(), now(), now() + 60_000)))
        .isEqualTo(AuthResult.NO_SEAT);
    assertThat(call(() -> engine.authenticate(randomId(), token, now(), now() + 60_000)))
        .isEqualTo(AuthResult.NO_ROOM);
  }

  @Test
  void authenticateExtendsButNeverShortensTheHold() throws Exception {
    RoomMeta room = newRoom(2);
    String shortToken = randomId();
    String longToken = randomId();
    seat(room, randomId(), shortToken, now() + 200);
    seat(room, randomId(), longToken, now() + 60_000);
    call(() -> engine.authenticate(room.roomId(), shortToken, now(), now() + 60_000));
    call(() -> engine.authenticate(room.roomId(), longToken, now(), now() + 100));
    sleep(350);
    assertThat(call(() -> engine.authenticate(room.roomId(), shortToken, now(), now() + 60_000)).status())
        .isEqualTo(AuthResult.Status.OK);
    assertThat(call(() -> engine.authenticate(room.roomId(), longToken, now(), now() + 60_000)).status())
        .isEqualTo(AuthResult.Status.OK);
  }

  @Test
  void expiredHoldFreesTheSeat() throws Exception {
    RoomMeta room = newRoom(1);
    String a = randomId();
    String token = randomId();
    assertThat(seat(room, a, token, now() + 200)).isEqualTo(SeatOutcome.SEATED);
    assertThat(seat(room, randomId(), randomId(), now() + 60_000)).isEqualTo(SeatOutcome.FULL);
    sleep(300);
    assertThat(call(() -> engine.members(room.roomId(), now()))).as("lapsed holds are not members").isEmpty();
    call(() -> engine.subscribe(room.roomId()));
    assertThat(call(() -> engine.authenticate(room.roomId(), token, now(), now() + 60_000)))
        .isEqualTo(AuthResult.NO_SEAT);
    Seen presence = nextEvent();
    assertThat(presence.event().kind()).isEqualTo(RoomEvent.Kind.PRESENCE);
    assertThat(presence.frame()).isEqualTo(Frames.presence(List.of()));
    String b = randomId();
    assertThat(seat(room, b, randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
    assertThat(call(() -> engine.members(room.roomId(), now()))).containsExactly(new MemberStatus(b, false));
  }

  @Test
  void takeSeatFreesLapsedHolds() throws Exception {
    RoomMeta room = newRoom(1);
    String token = randomId();
    seat(room, randomId(), token, now() + 200);
    sleep(300);
    assertThat(seat(room, randomId(), randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
    assertThat(call(() -> engine.authenticate(room.roomId(), token, now(), now() + 60_000)))
        .isEqualTo(AuthResult.NO_SEAT);
  }

  @Test
  void heartbeatKeepsTheSeat() throws Exception {
    RoomMeta room = newRoom(1);
    String a = randomId();
    String token = randomId();
    seat(room, a, token, now() + 200);
    call(() -> engine.subscribe(room.roomId()));
    call(() -> engine.heartbeat(room.roomId(), "node1", List.of(a, randomId()), now() + 60_000, now() + 60_000));
    sleep(300);
    assertThat(call(() -> engine.authenticate(room.roomId(), token, now(), now() + 60_000)).status())
        .isEqualTo(AuthResult.Status.OK);
    assertThat(seat(room, randomId(), randomId(), now() + 60_000)).isEqualTo(SeatOutcome.FULL);
    assertThat(call(() -> engine.members(room.roomId(), now())))
        .as("a heartbeat marks the member online and seats no one")
        .containsExactly(new MemberStatus(a, true));
    assertNoEventsFor(room.roomId());
  }

  @Test
  void releaseSeatFreesItAndTellsTheRoom() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String b = randomId();
    String tokenA = randomId();
    seat(room, a, tokenA, now() + 60_000);
    seat(room, b, randomId(), now() + 60_000);
    call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
    call(() -> engine.subscribe(room.roomId()));

    assertThat(call(() -> engine.releaseSeat(room.roomId(), a))).isTrue();
    Seen left = nextEvent();
    assertThat(left.event().kind()).isEqualTo(RoomEvent.Kind.LEFT);
    assertThat(left.event().memberId()).isEqualTo(a);
    Seen presence = nextEvent();
    assertThat(presence.event().kind()).isEqualTo(RoomEvent.Kind.PRESENCE);
    assertThat(presence.frame()).isEqualTo(Frames.presence(List.of(new MemberStatus(b, false))));

    assertThat(call(() -> engine.releaseSeat(room.roomId(), a))).isFalse();
    assertThat(call(() -> engine.authenticate(room.roomId(), tokenA, now(), now() + 60_000)))
        .isEqualTo(AuthResult.NO_SEAT);
    assertThat(call(() -> engine.members(room.roomId(), now()))).containsExactly(new MemberStatus(b, false));
    assertThat(seat(room, randomId(), randomId(), now() + 60_000)).isEqualTo(SeatOutcome.SEATED);
  }

  // --- presence ---------------------------------------------------------------------------------------------

  @Test
  void setOnlineTracksSocketsPerNode() throws Exception {
    RoomMeta room = newRoom(3);
    String a = randomId();
    String b = randomId();
    seat(room, a, randomId(), now() + 60_000);
    seat(room, b, randomId(), now() + 60_000);
    call(() -> engine.subscribe(room.roomId()));

    call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
    List<MemberStatus> expected = List.of(new MemberStatus(a, true), new MemberStatus(b, false));
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEqualTo(expected);
    Seen presence = nextEvent();
    assertThat(presence.event().kind()).isEqualTo(RoomEvent.Kind.PRESENCE);
    assertThat(presence.frame()).isEqualTo(Frames.presence(expected));

    // A second socket on another node: closing the first keeps the member online.
    call(() -> engine.setOnline(room.roomId(), a, "node2", now() + 60_000, now()));
    call(() -> engine.setOnline(room.roomId(), a, "node1", 0, now()));
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEqualTo(expected);
    call(() -> engine.setOnline(room.roomId(), a, "node2", 0, now()));
    List<MemberStatus> offline = List.of(new MemberStatus(a, false), new MemberStatus(b, false));
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEqualTo(offline);
    assertThat(nextEvent().frame()).isEqualTo(Frames.presence(expected));
    assertThat(nextEvent().frame()).isEqualTo(Frames.presence(expected));
    assertThat(nextEvent().frame()).isEqualTo(Frames.presence(offline));

    // Entries of a node that died lapse at onlineUntil.
    call(() -> engine.setOnline(room.roomId(), b, "dead-node", now() + 200, now()));
    assertThat(call(() -> engine.members(room.roomId(), now())))
        .containsExactly(new MemberStatus(a, false), new MemberStatus(b, true));
    sleep(300);
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEqualTo(offline);
  }

  @Test
  void setOnlineForSomeoneWithoutASeatPublishesNothing() throws Exception {
    RoomMeta room = newRoom(2);
    call(() -> engine.subscribe(room.roomId()));
    String stranger = randomId();
    call(() -> engine.setOnline(room.roomId(), stranger, "node1", now() + 60_000, now()));
    call(() -> engine.setOnline(randomId(), stranger, "node1", now() + 60_000, now()));
    assertThat(call(() -> engine.members(room.roomId(), now()))).isEmpty();
    assertNoEventsFor(room.roomId());
  }

  // --- messages ---------------------------------------------------------------------------------------------

  @Test
  void messagesGetConsecutiveIdsAndACappedHistory() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    seat(room, a, randomId(), now() + 60_000);
    call(() -> engine.subscribe(room.roomId()));
    events.clear();
    List<StoredMessage> sent = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      long ts = now() + i;
      String body = "Ym9keS0" + i;
      StoredMessage m = call(() -> engine.appendMessage(room.roomId(), a, body, ts));
      assertThat(m).isEqualTo(new StoredMessage(i, ts, a, body, Frames.message(i, ts, a, body)));
      sent.add(m);
      Seen seen = nextEvent();
      assertThat(seen.event().kind()).isEqualTo(RoomEvent.Kind.MESSAGE);
      assertThat(seen.event().memberId()).isEqualTo(a);
      assertThat(seen.event().messageId()).isEqualTo(i);
      assertThat(seen.frame()).isEqualTo(m.frame());
    }
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 0))).isEqualTo(sent.subList(2, 7));
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 1))).isEqualTo(sent.subList(2, 7));
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 5))).isEqualTo(sent.subList(5, 7));
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 7))).isEmpty();
    assertThat(call(() -> engine.messagesAfter(room.roomId(), 99))).isEmpty();
    assertThat(call(() -> engine.messagesAfter(randomId(), 0))).isEmpty();
    assertThat(call(() -> engine.appendMessage(randomId(), a, "eA", now()))).isNull();
  }

  @Test
  void aRoomKeepsAtMostItsByteBudgetOfBodiesDroppingTheOldestFirst() throws Exception {
    Engine small = newEngine(vertx, 100, 65_536);
    call(() -> small.start((roomId, event) -> { }));
    try {
      RoomMeta room = new RoomMeta(randomId(), randomId(), 2, now() + 60_000);
      call(() -> small.createRoom(room));
      String a = randomId();
      call(() -> small.takeSeat(room.roomId(), a, randomId(), now(), now() + 60_000));
      // 30 000 + 30 000 + 30 000 > 65 536: the first goes; then 30 000 + 30 000 + 10 000 > 65 536: the second;
      // then 30 000 + 10 000 + 20 000 fits.
      int[] sizes = {30_000, 30_000, 30_000, 10_000, 20_000};
      List<Long> kept = new ArrayList<>();
      for (int size : sizes) {
        String body = "A".repeat(size);
        call(() -> small.appendMessage(room.roomId(), a, body, now()));
        kept.clear();
        for (StoredMessage m : call(() -> small.messagesAfter(room.roomId(), 0))) kept.add(m.id());
      }
      assertThat(kept).as("ids kept after five appends").containsExactly(3L, 4L, 5L);
      List<StoredMessage> history = call(() -> small.messagesAfter(room.roomId(), 0));
      assertThat(history).extracting(m -> m.body().length()).containsExactly(30_000, 10_000, 20_000);
      assertThat(history.get(2).frame()).isEqualTo(Frames.message(5, history.get(2).ts(), a, "A".repeat(20_000)));
      // The count limit still applies alongside: 100 small messages leave the last 100 only.
      for (int i = 0; i < 100; i++) call(() -> small.appendMessage(room.roomId(), a, "eA", now()));
      assertThat(call(() -> small.messagesAfter(room.roomId(), 0))).hasSize(100).first()
          .extracting(StoredMessage::id).isEqualTo(6L);
    } finally {
      call(small::close);
    }
  }

  @Test
  void historyIsReadOnePageAtATimeByCountAndByBytes() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    seat(room, a, randomId(), now() + 60_000);
    List<StoredMessage> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String body = "Yg".repeat(i * 50); // frames of ~200 to ~600 bytes, all different
      long ts = now() + i;
      sent.add(call(() -> engine.appendMessage(room.roomId(), a, body, ts)));
    }
    String id = room.roomId();
    assertThat(call(() -> engine.messagesAfter(id, 0, 2, Integer.MAX_VALUE))).isEqualTo(new HistoryPage(sent.subList(0, 2), true));
    assertThat(call(() -> engine.messagesAfter(id, 2, 2, Integer.MAX_VALUE))).isEqualTo(new HistoryPage(sent.subList(2, 4), true));
    assertThat(call(() -> engine.messagesAfter(id, 4, 2, Integer.MAX_VALUE))).isEqualTo(new HistoryPage(sent.subList(4, 5), false));
    assertThat(call(() -> engine.messagesAfter(id, 3, 2, Integer.MAX_VALUE))).as("exactly a page left")
        .isEqualTo(new HistoryPage(sent.subList(3, 5), false));
    // By bytes: as many whole frames as fit, but never an empty page while messages follow.
    int firstTwo = sent.get(0).frame().length() + sent.get(1).frame().length();
    assertThat(call(() -> engine.messagesAfter(id, 0, 100, firstTwo))).isEqualTo(new HistoryPage(sent.subList(0, 2), true));
    assertThat(call(() -> engine.messagesAfter(id, 0, 100, firstTwo - 1))).isEqualTo(new HistoryPage(sent.subList(0, 1), true));
    assertThat(call(() -> engine.messagesAfter(id, 0, 100, 1))).isEqualTo(new HistoryPage(sent.subList(0, 1), true));
    assertThat(call(() -> engine.messagesAfter(id, 5, 100, 1))).isEqualTo(HistoryPage.EMPTY);
    assertThat(call(() -> engine.messagesAfter(randomId(), 0, 100, 1))).isEqualTo(HistoryPage.EMPTY);
  }

  // --- broker -------------------------------------------------------------------------------------------------

  @Test
  void typingIsRelayedToSubscribers() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    call(() -> engine.subscribe(room.roomId()));
    call(() -> engine.publish(room.roomId(), RoomEvent.typing(a)));
    Seen seen = nextEvent();
    assertThat(seen.roomId()).isEqualTo(room.roomId());
    assertThat(seen.event().kind()).isEqualTo(RoomEvent.Kind.TYPING);
    assertThat(seen.event().memberId()).isEqualTo(a);
    assertThat(seen.frame()).isEqualTo(Frames.typing(a));
  }

  @Test
  void eventsArriveOnlyWhileSubscribed() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    call(() -> engine.publish(room.roomId(), RoomEvent.typing(a)));
    seat(room, a, randomId(), now() + 60_000);
    assertNoEventsFor(room.roomId());

    call(() -> engine.subscribe(room.roomId()));
    call(() -> engine.subscribe(room.roomId()));
    call(() -> engine.publish(room.roomId(), RoomEvent.typing(a)));
    assertThat(nextEvent().roomId()).isEqualTo(room.roomId());

    call(() -> engine.unsubscribe(room.roomId()));
    call(() -> engine.publish(room.roomId(), RoomEvent.typing(a)));
    call(() -> engine.appendMessage(room.roomId(), a, "Ym9keQ", now()));
    call(() -> engine.releaseSeat(room.roomId(), a));
    assertNoEventsFor(room.roomId());
    assertThat(events).isEmpty();
  }

  // --- files ---------------------------------------------------------------------------------------------------

  /** Every byte value, then a counter: binary-safe storage shows in the round trip. */
  private static Buffer chunkBytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) b[i] = (byte) (i < 256 ? i : i * 31 + seed);
    return Buffer.buffer(b);
  }

  private String declared(RoomMeta room, String uploader, long size, int chunks, long budget) throws Exception {
    FileStore.Declared d = call(() -> engine.declareFile(room.roomId(), uploader, size, chunks, size + 28L * chunks, budget, now()));
    assertThat(d.outcome()).isEqualTo(FileStore.DeclareOutcome.DECLARED);
    assertThat(d.fileId()).matches("[A-Za-z0-9_-]{22}");
    return d.fileId();
  }

  @Test
  void aDeclaredFileReservesItsBytesAgainstTheRoomsFileBudgetUntilItIsDeleted() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String first = declared(room, a, 600, 1, 1000);
    assertThat(call(() -> engine.findFile(room.roomId(), first))).isEqualTo(new FileStore.FileInfo(a, 600, 1));
    assertThat(call(() -> engine.declareFile(room.roomId(), a, 600, 1, 628, 1000, now())).outcome())
        .isEqualTo(FileStore.DeclareOutcome.ROOM_FILES_FULL);
    assertThat(call(() -> engine.declareFile(randomId(), a, 1, 1, 29, 1000, now())).outcome())
        .isEqualTo(FileStore.DeclareOutcome.NO_ROOM);
    assertThat(declared(newRoom(2), a, 600, 1, 1000)).as("another room, its own budget").isNotEqualTo(first);
    assertThat(call(() -> engine.deleteFile(room.roomId(), first, a))).isEqualTo(FileStore.DeleteOutcome.DELETED);
    assertThat(call(() -> engine.findFile(room.roomId(), first))).isNull();
    declared(room, a, 600, 1, 1000);
  }

  @Test
  void aChunkIsStoredOnceByItsUploaderOnlyAndReadBackByteForByte() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String fileId = declared(room, a, 2L * 262_144, 2, 1L << 20);
    Buffer chunk = chunkBytes(262_144 + 28, 1);
    assertThat(call(() -> engine.putChunk(room.roomId(), fileId, randomId(), 0, chunk))).isEqualTo(FileStore.PutOutcome.NOT_UPLOADER);
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).as("nothing stored by another member").isNull();
    assertThat(call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunk))).isEqualTo(FileStore.PutOutcome.STORED);
    assertThat(call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(262_144 + 28, 2))))
        .isEqualTo(FileStore.PutOutcome.ALREADY_STORED);
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0)).getBytes()).isEqualTo(chunk.getBytes());
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 1))).as("not uploaded yet").isNull();
    assertThat(call(() -> engine.getChunk(room.roomId(), FileStore.newFileId(), 0))).isNull();
    assertThat(call(() -> engine.putChunk(room.roomId(), FileStore.newFileId(), a, 0, chunk))).isEqualTo(FileStore.PutOutcome.NO_FILE);
  }

  @Test
  void onlyTheUploaderDeletesAFileAndItsChunksGoWithIt() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String fileId = declared(room, a, 10, 1, 1000);
    call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(38, 3)));
    assertThat(call(() -> engine.deleteFile(room.roomId(), fileId, randomId()))).isEqualTo(FileStore.DeleteOutcome.NOT_UPLOADER);
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).isNotNull();
    assertThat(call(() -> engine.deleteFile(room.roomId(), fileId, a))).isEqualTo(FileStore.DeleteOutcome.DELETED);
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).isNull();
    assertThat(call(() -> engine.deleteFile(room.roomId(), fileId, a))).isEqualTo(FileStore.DeleteOutcome.NO_FILE);
    assertThat(call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(38, 3)))).isEqualTo(FileStore.PutOutcome.NO_FILE);
  }

  @Test
  void destroyingARoomDeletesItsFiles() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    String fileId = declared(room, a, 10, 1, 1000);
    call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(38, 4)));
    assertThat(call(() -> engine.destroyRoom(room.roomId()))).isTrue();
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).isNull();
    assertThat(call(() -> engine.findFile(room.roomId(), fileId))).isNull();
    assertNothingStoredFor(room.roomId());
    // The room id taken again holds none of the old room's files, nor its reservations.
    call(() -> engine.createRoom(room));
    assertThat(call(() -> engine.findFile(room.roomId(), fileId))).isNull();
    declared(room, a, 900, 1, 1000);
  }

  @Test
  void theLastWrongPassphraseDeletesTheRoomsFilesWithIt() throws Exception {
    RoomMeta room = new RoomMeta(randomId(), randomId(), randomId(), 3, 2, now() + 60_000);
    call(() -> engine.createRoom(room));
    String a = randomId();
    String fileId = declared(room, a, 10, 1, 1000);
    call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(38, 5)));
    long until = now() + 60_000;
    for (String nonce : List.of("ZjE", "ZjI", "ZjM")) call(() -> engine.countWrongPassphrase(room.roomId(), nonce, until, now()));
    assertThat(call(() -> engine.findRoom(room.roomId(), now()))).isNull();
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).isNull();
    assertNothingStoredFor(room.roomId());
  }

  @Test
  void aRoomsFilesAreGoneAtItsExpiry() throws Exception {
    RoomMeta room = newRoom(2, 1_000);
    String a = randomId();
    String fileId = declared(room, a, 10, 1, 1000);
    call(() -> engine.putChunk(room.roomId(), fileId, a, 0, chunkBytes(38, 6)));
    sleep(Math.max(0, room.expiresAt() - now()) + 150);
    assertThat(call(() -> engine.getChunk(room.roomId(), fileId, 0))).isNull();
    assertThat(call(() -> engine.findFile(room.roomId(), fileId))).isNull();
    assertThat(call(() -> engine.declareFile(room.roomId(), a, 1, 1, 29, 1000, now())).outcome())
        .isEqualTo(FileStore.DeclareOutcome.NO_ROOM);
    assertNothingStoredFor(room.roomId());
  }
}
