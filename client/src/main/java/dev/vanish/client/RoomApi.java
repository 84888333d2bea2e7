// The HTTP API of PROTOCOL.md §4 over the Vert.x WebClient: one method per endpoint, JSON in and out, every
// failure turned into a VanishException (server error codes, Retry-After, unreachable server).
package dev.vanish.client;

import dev.vanish.client.crypto.RoomKey;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;

final class RoomApi {

  /** The protocol version this client speaks ({@code v} in room creation, seat-taking and the hello). */
  static final int PROTOCOL_VERSION = 2;

  /** A taken seat. */
  record Seat(String memberId, String token, long expiresAt, int capacity) {}

  /** A created room; attempts only for a passphrase room. */
  record Created(String roomId, long expiresAt, int ttlSeconds, int capacity, Integer attempts) {}

  /** A stored message as the history returns it. */
  record Stored(String id, long ts, String memberId, String body) {}

  /**
   * One page of the history; {@code next} is the {@code after} of the following page, null on the last;
   * {@code trimmedThrough} the id through which the server dropped messages, null when it dropped none.
   */
  record Page(List<Stored> messages, String next, String trimmedThrough) {}

  private final WebClient web;
  private final long timeoutMs;

  RoomApi(WebClient web, long timeoutMs) {
    this.web = web;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> config(String origin) {
    return call(HttpMethod.GET, origin, "/api/v1/config", null, null, 200);
  }

  /** Creates the room of a key (its client-chosen roomId, its public key and, with a passphrase, its passphraseKey). */
  Future<Created> create(String origin, RoomKey key, Integer ttlSeconds, Integer capacity, Integer attempts) {
    JsonObject req = new JsonObject().put("v", PROTOCOL_VERSION).put("roomId", key.roomId()).put("publicKey", key.publicKey());
    key.passphraseKey().ifPresent(pk -> req.put("passphraseKey", pk));
    if (attempts != null) req.put("attempts", attempts);
    if (ttlSeconds != null) req.put("ttlSeconds", ttlSeconds);
    if (capacity != null) req.put("capacity", capacity);
    return call(HttpMethod.POST, origin, "/api/v1/rooms", null, req, 201)
        .map(j -> new Created(j.getString("roomId"), j.getLong("expiresAt"), j.getInteger("ttlSeconds"),
            j.getInteger("capacity"), j.getInteger("attempts")));
  }

  /** A fresh challenge for the room (the server answers one for any well-shaped roomId). */
  Future<String> challenge(String origin, String roomId) {
    return call(HttpMethod.GET, origin, room(roomId) + "/challenge", null, null, 200).compose(j -> {
      String c = j.getString("challenge");
      return c == null ? Future.failedFuture(new VanishException(VanishException.Code.PROTOCOL,
          "the server at " + origin + " sent no challenge (is it a Vanish v2 server?)")) : Future.succeededFuture(c);
    });
  }

  /** Takes a seat: a fresh challenge, signed with the link's key (and the passphrase's, for a passphrase room). */
  Future<Seat> join(String origin, RoomKey key) {
    return challenge(origin, key.roomId()).compose(challenge -> {
      JsonObject req = new JsonObject().put("v", PROTOCOL_VERSION).put("challenge", challenge).put("signature", key.signSeat(challenge));
      key.signPassphrase(challenge).ifPresent(sig -> req.put("passphraseSignature", sig));
      return call(HttpMethod.POST, origin, room(key.roomId()) + "/members", null, req, 201);
    }).map(j -> new Seat(j.getString("memberId"), j.getString("token"), j.getLong("expiresAt"), j.getInteger("capacity")));
  }

  /**
   * One page of the history after {@code after} (docs/PROTOCOL.md §4): the server's largest page size, and
   * the cursor of the next page, null on the last one.
   */
  Future<Page> messages(String origin, String roomId, String token, String after) {
    String path = room(roomId) + "/messages?limit=" + Protocol.MAX_HISTORY_PAGE + (after == null ? "" : "&after=" + after);
    return call(HttpMethod.GET, origin, path, token, null, 200).map(j -> {
      List<Stored> out = new ArrayList<>();
      JsonArray list = j.getJsonArray("messages", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        JsonObject m = list.getJsonObject(i);
        out.add(new Stored(m.getString("id"), m.getLong("ts"), m.getString("memberId"), m.getString("body")));
      }
      return new Page(out, j.getString("next"), idString(j.getValue("trimmedThrough")));
    });
  }

  Future<Ack> post(String origin, String roomId, String token, String body) {
    return call(HttpMethod.POST, origin, room(roomId) + "/messages", token, new JsonObject().put("body", body), 201)
        .map(j -> new Ack(j.getString("id"), j.getLong("ts")));
  }

  /** A declared file (§8): its id, its chunk count and the chunk size the server cut it by. */
  record Declared(String fileId, int chunks, int chunkBytes, long expiresAt) {}

  /** POST …/files {"size"}: reserves the file's ciphertext on the server. */
  Future<Declared> declareFile(String origin, String roomId, String token, long size) {
    return call(HttpMethod.POST, origin, room(roomId) + "/files", token, new JsonObject().put("size", size), 201)
        .compose(j -> {
          if (!(j.getValue("fileId") instanceof String id) || !(j.getValue("chunks") instanceof Number n)
              || !(j.getValue("chunkBytes") instanceof Number c)) {
            return Future.failedFuture(new VanishException(VanishException.Code.PROTOCOL,
                "the server at " + origin + " declared a file without fileId, chunks and chunkBytes"));
          }
          return Future.succeededFuture(new Declared(id, n.intValue(), c.intValue(), j.getLong("expiresAt", 0L)));
        });
  }

  /** PUT …/files/{fileId}/chunks/{i}: one chunk's ciphertext (write-once: a repeat answers 204 too). */
  Future<Void> putChunk(String origin, String roomId, String token, String fileId, int i, Buffer chunk) {
    return exchange(HttpMethod.PUT, origin, chunkPath(roomId, fileId, i), token,
        req -> req.putHeader("Content-Type", "application/octet-stream").sendBuffer(chunk), 204).mapEmpty();
  }

  /** GET …/files/{fileId}/chunks/{i}: one chunk's ciphertext as stored. */
  Future<Buffer> getChunk(String origin, String roomId, String token, String fileId, int i) {
    return exchange(HttpMethod.GET, origin, chunkPath(roomId, fileId, i), token, HttpRequest::send, 200)
        .map(r -> r.body() == null ? Buffer.buffer() : r.body());
  }

  /** DELETE …/files/{fileId}: the uploader cancels (its chunks deleted, the reservation freed). */
  Future<Void> deleteFile(String origin, String roomId, String token, String fileId) {
    return exchange(HttpMethod.DELETE, origin, room(roomId) + "/files/" + fileId, token, HttpRequest::send, 204).mapEmpty();
  }

  private static String chunkPath(String roomId, String fileId, int i) {
    return room(roomId) + "/files/" + fileId + "/chunks/" + i;
  }

  Future<Void> destroy(String origin, String roomId, String token) {
    return call(HttpMethod.DELETE, origin, room(roomId), token, null, 204).mapEmpty();
  }

  Future<Void> leave(String origin, String roomId, String token) {
    return call(HttpMethod.DELETE, origin, room(roomId) + "/members/me", token, null, 204).mapEmpty();
  }

  /** A message id the server may send as a string or a number; null when absent or neither. */
  static String idString(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Number n) return Long.toString(n.longValue());
    return null;
  }

  private static String room(String roomId) {
    return "/api/v1/rooms/" + roomId;
  }

  private Future<JsonObject> call(HttpMethod method, String origin, String path, String token, JsonObject body, int ok) {
    return exchange(method, origin, path, token, req -> body == null ? req.send() : req.sendJsonObject(body), ok)
        .compose(r -> {
          if (ok == 204) return Future.succeededFuture(new JsonObject());
          try {
            return Future.succeededFuture(r.bodyAsJsonObject());
          } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new VanishException(VanishException.Code.PROTOCOL,
                "the server at " + origin + " did not answer JSON (is it a Vanish server?)"));
          }
        });
  }

  /** One request: the response when its status is {@code ok}, else the server's error (or unreachable). */
  private Future<HttpResponse<Buffer>> exchange(HttpMethod method, String origin, String path, String token,
                                                java.util.function.Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send,
                                                int ok) {
    HttpRequest<Buffer> req = web.requestAbs(method, origin + path).timeout(timeoutMs);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    return send.apply(req).transform(ar -> {
      if (ar.failed()) return Future.failedFuture(VanishException.unreachable(origin, ar.cause()));
      HttpResponse<Buffer> r = ar.result();
      return r.statusCode() == ok ? Future.succeededFuture(r) : Future.failedFuture(error(origin, r));
    });
  }

  private static VanishException error(String origin, HttpResponse<Buffer> r) {
    JsonObject j = null;
    try {
      j = r.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      // fall through
    }
    if (j == null || j.getString("error") == null) {
      // A proxy's 502/503/504 in front of a node that is restarting: worth retrying like the node's own 503.
      int s = r.statusCode();
      return new VanishException(s == 502 || s == 503 || s == 504 ? VanishException.Code.UNAVAILABLE : VanishException.Code.PROTOCOL,
          "the server at " + origin + " answered HTTP " + r.statusCode() + " without a Vanish error (is it a Vanish server?)");
    }
    Long retry = null;
    String header = r.getHeader("Retry-After");
    if (header != null) {
      try {
        retry = Long.parseLong(header.trim());
      } catch (NumberFormatException ignored) {
        // not seconds: ignore
      }
    }
    Integer attemptsLeft = j.getValue("attemptsLeft") instanceof Number n ? n.intValue() : null;
    return VanishException.fromServer(j.getString("error"), j.getString("message"), retry, attemptsLeft);
  }
}
