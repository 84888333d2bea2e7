package dev.vanish.server.metrics;

import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.MemberStatus;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.http.EngineFailure;
import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;

/**
 * An engine that counts its backend failures by operation ({@code vanish_engine_errors{operation=…}}) and
 * times appends ({@code vanish_publish}), then answers exactly as the engine it wraps. Only used when metrics
 * are on, so a node without metrics calls its engine directly.
 */
public final class MeteredEngine implements Engine {

  private final Engine engine;
  private final NodeMetrics metrics;

  public MeteredEngine(Engine engine, NodeMetrics metrics) {
    this.engine = engine;
    this.metrics = metrics;
  }

  private <T> Future<T> count(String operation, Future<T> f) {
    return f.onFailure(e -> {
      if (EngineFailure.is(e)) metrics.engineError(operation);
    });
  }

  @Override public String name() { return engine.name(); }

  @Override public Future<Void> start(EventSink sink) { return count("start", engine.start(counting(sink))); }

  /** The sink as given, with each lost connection counted on its way through. */
  private EventSink counting(EventSink sink) {
    return new EventSink() {
      @Override public void onEvent(String roomId, RoomEvent event) { sink.onEvent(roomId, event); }

      @Override public void connectionLost() {
        metrics.engineConnectionLost();
        sink.connectionLost();
      }

      @Override public void connectionRestored() { sink.connectionRestored(); }
    };
  }

  @Override public Future<Void> close() { return engine.close(); }

  @Override public Future<Void> ping() { return count("ping", engine.ping()); }

  @Override public Future<Void> createRoom(RoomMeta room) { return count("create_room", engine.createRoom(room)); }

  @Override public Future<RoomMeta> findRoom(String roomId, long now) { return count("find_room", engine.findRoom(roomId, now)); }

  @Override public Future<Boolean> destroyRoom(String roomId) { return count("destroy_room", engine.destroyRoom(roomId)); }

  @Override
  public Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil) {
    return count("take_seat", engine.takeSeat(roomId, memberId, tokenHash, now, heldUntil));
  }

  @Override
  public Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil) {
    return count("authenticate", engine.authenticate(roomId, tokenHash, now, heldUntil));
  }

  @Override
  public Future<Void> heartbeat(String roomId, String nodeId, Collection<String> memberIds, long onlineUntil, long heldUntil) {
    return count("heartbeat", engine.heartbeat(roomId, nodeId, memberIds, onlineUntil, heldUntil));
  }

  @Override public Future<Boolean> releaseSeat(String roomId, String memberId) { return count("release_seat", engine.releaseSeat(roomId, memberId)); }

  @Override
  public Future<Void> setOnline(String roomId, String memberId, String nodeId, long onlineUntil, long now) {
    return count("set_online", engine.setOnline(roomId, memberId, nodeId, onlineUntil, now));
  }

  @Override public Future<List<MemberStatus>> members(String roomId, long now) { return count("members", engine.members(roomId, now)); }

  @Override
  public Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts) {
    long start = System.nanoTime();
    return count("append_message", engine.appendMessage(roomId, memberId, body, ts)).onSuccess(m -> {
      if (m != null) {
        metrics.published(start);
        metrics.messageIn();
      }
    });
  }

  @Override public Future<List<StoredMessage>> messagesAfter(String roomId, long afterId) { return count("messages_after", engine.messagesAfter(roomId, afterId)); }

  @Override public Future<Void> publishTyping(String roomId, String memberId) { return count("publish_typing", engine.publishTyping(roomId, memberId)); }

  @Override public Future<Void> subscribe(String roomId) { return count("subscribe", engine.subscribe(roomId)); }

  @Override public Future<Void> unsubscribe(String roomId) { return count("unsubscribe", engine.unsubscribe(roomId)); }

  @Override
  public Future<Long> hitLimit(String bucketKey, int limit, long windowMs, long now) {
    return count("hit_limit", engine.hitLimit(bucketKey, limit, windowMs, now));
  }

  @Override public Future<String> sharedSecret(String candidate) { return count("shared_secret", engine.sharedSecret(candidate)); }
}
