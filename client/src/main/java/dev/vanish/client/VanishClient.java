// The asynchronous Vanish client: creates rooms, takes seats from links and opens RoomSessions, all over the
// documented HTTP API and WebSocket with Vert.x (one WebClient and one WebSocketClient shared by every
// session). Nothing blocks; a load generator drives thousands of sessions from a few event loops.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;
import dev.vanish.client.crypto.RoomKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

public final class VanishClient implements AutoCloseable {

  /**
   * The live limits of a server (GET /api/v1/config); a field the server leaves out takes the documented
   * default ({@link Protocol#DOCUMENTED_LIMITS}).
   */
  public record ServerLimits(int defaultTtlSeconds, int minTtlSeconds, int maxTtlSeconds, int minCapacity,
                             int defaultCapacity, int maxCapacity, int maxBodyChars, long maxFileBytes,
                             long roomFileBytes, int fileChunkBytes) {
    static ServerLimits from(JsonObject j) {
      ServerLimits d = Protocol.DOCUMENTED_LIMITS;
      return new ServerLimits(j.getInteger("defaultTtlSeconds", d.defaultTtlSeconds()),
          j.getInteger("minTtlSeconds", d.minTtlSeconds()), j.getInteger("maxTtlSeconds", d.maxTtlSeconds()),
          j.getInteger("minCapacity", d.minCapacity()), j.getInteger("defaultCapacity", d.defaultCapacity()),
          j.getInteger("maxCapacity", d.maxCapacity()), j.getInteger("maxBodyChars", d.maxBodyChars()),
          j.getLong("maxFileBytes", d.maxFileBytes()), j.getLong("roomFileBytes", d.roomFileBytes()),
          j.getInteger("fileChunkBytes", d.fileChunkBytes()));
    }

    /** Bytes of plaintext (the sealed JSON, envelope included) that fit one body. */
    public int maxPlainBytes() {
      return Protocol.maxPlainBytes(maxBodyChars);
    }

    /** Whether a sealed body is within maxBodyChars. */
    boolean fits(String body) {
      return body.length() <= maxBodyChars;
    }
  }

  /** About what the plaintext JSON around a message's text takes ({"v":2,"memberId":…,"seq":…,"name":…,…}). */
  private static final int ENVELOPE_BYTES = 128;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ClientOptions options;
  private final WebClient web;
  private final WebSocketClient sockets;
  private final RoomApi api;
  private final Map<String, Future<ServerLimits>> limits = new ConcurrentHashMap<>();

  private VanishClient(Vertx vertx, boolean ownsVertx, ClientOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("vanish-java-client")
            .setConnectTimeout((int) options.requestTimeout().toMillis()),
        new PoolOptions().setHttp1MaxSize(options.httpPoolSize()));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(options.maxSockets())
        .setConnectTimeout((int) options.requestTimeout().toMillis()));
    this.api = new RoomApi(web, options.requestTimeout().toMillis());
  }

  /** A client on an existing Vert.x (which the caller closes). */
  public static VanishClient create(Vertx vertx, ClientOptions options) {
    return new VanishClient(vertx, false, options);
  }

  /** A client with a Vert.x of its own, closed by {@link #close()}. */
  public static VanishClient create(ClientOptions options) {
    return new VanishClient(Vertx.vertx(), true, options);
  }

  public Vertx vertx() {
    return vertx;
  }

  public ClientOptions options() {
    return options;
  }

  /** The server's live limits; fetched once per server and cached (a failed fetch is retried next time). */
  public Future<ServerLimits> limits(String server) {
    String origin;
    try {
      origin = Link.normalizeServer(server);
    } catch (VanishException e) {
      return Future.failedFuture(e);
    }
    Future<ServerLimits> f = limits.computeIfAbsent(origin, o -> api.config(o).map(ServerLimits::from));
    return f.onFailure(e -> limits.remove(origin, f));
  }

  /** Creates a room with a fresh key and roomId; null ttlSeconds/capacity take the server's defaults. */
  public Future<Link> createRoom(String server, Integer ttlSeconds, Integer capacity) {
    return createRoom(server, ttlSeconds, capacity, null, null);
  }

  /**
   * Creates a room with a fresh key and roomId (chosen here, protocol v2), with an optional passphrase (null:
   * none) and the number of wrong passphrases that destroy it (3–10, null: the server's 5; only with a
   * passphrase). The passphrase is not in the link: the members need both.
   */
  public Future<Link> createRoom(String server, Integer ttlSeconds, Integer capacity, String passphrase, Integer attempts) {
    String origin;
    try {
      origin = Link.normalizeServer(server);
    } catch (VanishException e) {
      return Future.failedFuture(e);
    }
    if (attempts != null && passphrase == null) {
      return Future.failedFuture(new VanishException(VanishException.Code.INVALID_REQUEST, "attempts are only for a room with a passphrase"));
    }
    return derive(passphrase != null, () -> RoomKey.generate(passphrase))
        .compose(key -> api.create(origin, key, ttlSeconds, capacity, attempts).map(c -> Link.of(origin, key)));
  }

  /**
   * Takes a seat with the link's key and connects: completes once the server welcomed the session. The
   * listener is called on the session's context: the caller's own when called on a Vert.x context (a load
   * generator's verticle), otherwise a new event-loop context (round-robin over the event loops).
   */
  public Future<RoomSession> join(Link link, String name, RoomListener listener) {
    return join(link, (String) null, name, listener);
  }

  /**
   * As {@link #join(Link, String, RoomListener)} for a room with a passphrase (null: none). A passphrase room
   * joined without one fails with PASSPHRASE_REQUIRED, a wrong one with WRONG_PASSPHRASE; both carry
   * {@link VanishException#attemptsLeft()}.
   */
  public Future<RoomSession> join(Link link, String passphrase, String name, RoomListener listener) {
    Context ctx = sessionContext();
    Promise<RoomSession> joined = Promise.promise();
    ctx.runOnContext(v -> derive(passphrase != null, () -> link.roomKey(passphrase))
        .recover(e -> Future.failedFuture(VanishException.badLink("the link's key is malformed")))
        .onComplete(kr -> ctx.runOnContext(x -> {
          if (kr.failed()) joined.fail(kr.cause());
          else join(ctx, link, kr.result(), name, listener).onComplete(joined);
        })));
    return joined.future();
  }

  /** As {@link #join(Link, String, RoomListener)} with the room's keys already derived (link.roomKey(passphrase)). */
  public Future<RoomSession> join(Link link, RoomKey key, String name, RoomListener listener) {
    Context ctx = sessionContext();
    Promise<RoomSession> joined = Promise.promise();
    ctx.runOnContext(v -> join(ctx, link, key, name, listener).onComplete(joined));
    return joined.future();
  }

  private Future<RoomSession> join(Context ctx, Link link, RoomKey key, String name, RoomListener listener) {
    Promise<RoomSession> joined = Promise.promise();
    if (!key.roomId().equals(link.roomId()) || !key.encoded().equals(link.key())) {
      return Future.failedFuture(new IllegalArgumentException("the key is not the link's"));
    }
    {
      // The limits are cached and may complete on another session's context: come back to ours before any
      // I/O, so every callback of this session (HTTP and socket) runs on ctx.
      limits(link.origin()).onComplete(lr -> ctx.runOnContext(x -> {
        if (lr.failed()) {
          joined.fail(lr.cause());
          return;
        }
        api.join(link.origin(), key)
            .compose(seat -> new RoomSession(this, ctx, link, key, name, listener, lr.result(), seat).start())
            .onComplete(joined);
      }));
    }
    return joined.future();
  }

  /** The room keys, derived on a worker thread when a passphrase makes it slow (PBKDF2), else right here. */
  private Future<RoomKey> derive(boolean slow, java.util.concurrent.Callable<RoomKey> derivation) {
    if (!slow) {
      try {
        return Future.succeededFuture(derivation.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(derivation, false);
  }

  /** Joins over HTTP only, posts one message and leaves: for one-shot senders (no socket, no history). */
  public Future<Ack> sendOnce(Link link, String name, String text) {
    return sendOnce(link, (String) null, name, text);
  }

  /** As {@link #sendOnce(Link, String, String)} for a room with a passphrase (null: none). */
  public Future<Ack> sendOnce(Link link, String passphrase, String name, String text) {
    return derive(passphrase != null, () -> link.roomKey(passphrase))
        .recover(e -> Future.failedFuture(VanishException.badLink("the link's key is malformed")))
        .compose(key -> sendOnceWith(link, key, name, text));
  }

  private Future<Ack> sendOnceWith(Link link, RoomKey key, String name, String text) {
    String origin = link.origin();
    return limits(origin).compose(l -> api.join(origin, key).compose(seat -> {
      // The seat's first and only message: seq 1, nothing seen.
      String body = key.seal(new Plaintext(seat.memberId(), 1, name, text, System.currentTimeMillis(), null));
      if (!l.fits(body)) {
        return api.leave(origin, link.roomId(), seat.token()).transform(x -> Future.failedFuture(tooLong(l)));
      }
      return api.post(origin, link.roomId(), seat.token(), body)
          .transform(sent -> api.leave(origin, link.roomId(), seat.token())
              .transform(left -> sent.succeeded() ? Future.succeededFuture(sent.result()) : Future.failedFuture(sent.cause())));
    }));
  }

  /**
   * Joins over HTTP only, uploads a file, posts its message (the caption as text) and leaves: `vanish send
   * --file`. Refused with FILE_TOO_LARGE before the seat is taken when the file is larger than the server's
   * maxFileBytes, and with FILE_FAILED when it is a photo whose details are to go but cannot be removed. What was
   * uploaded is deleted when the message cannot be posted.
   */
  public FileTransfer<Ack> sendFileOnce(Link link, String passphrase, String name, OutgoingFile file, FileProgress progress) {
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    Context ctx = sessionContext();
    Promise<Ack> result = Promise.promise();
    ctx.runOnContext(v -> derive(passphrase != null, () -> link.roomKey(passphrase))
        .recover(e -> Future.failedFuture(VanishException.badLink("the link's key is malformed")))
        .compose(key -> limits(link.origin()).compose(l -> refusedBeforeJoin(ctx, file, l)
            .compose(x -> api.join(link.origin(), key))
            .compose(seat -> {
              FileTransfers.Seat s = new FileTransfers.Seat(vertx, ctx, api, link.origin(), link.roomId(), seat::token, l,
                  options.reconnectMin(), options.reconnectMax());
              Future<Ack> sent = FileTransfers.upload(s, file, progress == null ? FileProgress.NONE : progress, cancelled)
                  .compose(ref -> {
                    String body = key.seal(new Plaintext(seat.memberId(), 1, name, file.caption(), System.currentTimeMillis(),
                        null, ref));
                    if (!l.fits(body)) return Future.<Ack>failedFuture(tooLong(l)).onFailure(e -> FileTransfers.deleteQuietly(s, ref.id()));
                    return api.post(link.origin(), link.roomId(), seat.token(), body)
                        .onFailure(e -> FileTransfers.deleteQuietly(s, ref.id()));
                  });
              return sent.transform(done -> api.leave(link.origin(), link.roomId(), seat.token())
                  .transform(left -> done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause())));
            })))
        .onComplete(ar -> ctx.runOnContext(x -> result.handle(ar))));
    return new FileTransfer<>(cancelled, result.future());
  }

  /**
   * Before taking a seat: a file on disk or in memory above maxFileBytes, or a photo whose details cannot be
   * removed (tried on a worker; the upload strips it again), is refused without a request.
   */
  private Future<Void> refusedBeforeJoin(Context ctx, OutgoingFile file, ServerLimits l) {
    long size;
    try {
      size = file.bytes() != null ? file.bytes().length : java.nio.file.Files.size(file.path());
    } catch (java.io.IOException e) {
      return Future.failedFuture(FileTransfers.local("cannot read " + file.path(), e));
    }
    if (size > l.maxFileBytes()) return Future.failedFuture(FileTransfers.tooLarge(size, l.maxFileBytes()));
    if (!file.stripsPhotoDetails()) return Future.succeededFuture();
    return ctx.<Void>executeBlocking(() -> {
      FileTransfers.checkStrippable(file, l.maxFileBytes());
      return null;
    }, false).recover(e -> Future.failedFuture(FileTransfers.local("cannot read " + file.name(), e)));
  }

  static VanishException tooLong(ServerLimits l) {
    return new VanishException(VanishException.Code.PAYLOAD_TOO_LARGE,
        "message too long: at most about " + (l.maxPlainBytes() - ENVELOPE_BYTES) + " bytes of text");
  }

  /**
   * The caller's context when called on one; otherwise a fresh event-loop context, so sessions joined from a
   * plain thread spread over the event loops (Vert.x would otherwise pin every one of them to the first
   * context it made for that thread).
   */
  private Context sessionContext() {
    Context current = Vertx.currentContext();
    if (current != null) return current;
    if (vertx instanceof VertxInternal internal) return internal.createEventLoopContext();
    return vertx.getOrCreateContext();
  }

  RoomApi api() {
    return api;
  }

  WebSocketClient sockets() {
    return sockets;
  }

  /** Closes the HTTP and WebSocket clients (and the Vert.x when the client owns it). Sessions are not left. */
  public Future<Void> closeAsync() {
    Future<Void> f = sockets.close().eventually(() -> {
      web.close();
      return Future.succeededFuture();
    });
    return ownsVertx ? f.eventually(vertx::close) : f;
  }

  @Override
  public void close() {
    try {
      closeAsync().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
