// Every server-to-client frame of docs/PROTOCOL.md §6, built here and nowhere else: engines publish message,
// presence, typing and destroyed frames ready to send, the socket endpoint writes welcome, ack, expired and
// error frames. The Redis engine's Lua scripts build the same bytes for message and presence frames (lib.lua,
// append_message.lua); LuaFramesMatchJavaFramesTest keeps the two byte-equal on Redis 7 and 6. Frames that go
// to many sockets are built as strings once and shared; per-socket answers (welcome, ack, error) are small JSON.
package dev.vanish.server.protocol;

import dev.vanish.server.error.VanishError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

public final class Frames {

  private Frames() {}

  public static final String DESTROYED = "{\"type\":\"destroyed\"}";
  public static final String EXPIRED = "{\"type\":\"expired\"}";

  public static String message(long id, long ts, String memberId, String body) {
    // ids are base64url and bodies validated base64url, so no escaping is needed; this runs once per message.
    return "{\"type\":\"message\",\"id\":\"" + id + "\",\"ts\":" + ts + ",\"memberId\":\"" + memberId
        + "\",\"body\":\"" + body + "\"}";
  }

  public static String presence(List<MemberStatus> members) {
    StringBuilder sb = new StringBuilder("{\"type\":\"presence\",\"members\":[");
    for (int i = 0; i < members.size(); i++) {
      MemberStatus m = members.get(i);
      if (i > 0) sb.append(',');
      sb.append("{\"memberId\":\"").append(m.memberId()).append("\",\"online\":").append(m.online()).append('}');
    }
    return sb.append("]}").toString();
  }

  public static String typing(String memberId) {
    return "{\"type\":\"typing\",\"memberId\":\"" + memberId + "\"}";
  }

  /** The protocol version this server speaks (the {@code v} of create, join, hello and welcome). */
  public static final int PROTOCOL_VERSION = 2;

  /** @param trimmedThrough the id through which the room's history was dropped; 0 = none (the field is left out) */
  public static JsonObject welcome(String memberId, long expiresAt, int capacity, List<MemberStatus> members,
                                   long trimmedThrough) {
    JsonObject w = new JsonObject().put("type", "welcome").put("v", PROTOCOL_VERSION).put("memberId", memberId)
        .put("expiresAt", expiresAt).put("capacity", capacity).put("members", membersJson(members));
    if (trimmedThrough > 0) w.put("trimmedThrough", Long.toString(trimmedThrough));
    return w;
  }

  /** {@code ref} echoes the send's ref, or null when it had none. */
  public static JsonObject ack(Object ref, long id, long ts) {
    return new JsonObject().put("type", "ack").put("ref", ref).put("id", Long.toString(id)).put("ts", ts);
  }

  /** An error frame; rate_limited carries retryAfter in seconds, and {@code ref} (if any) the frame's ref. */
  public static JsonObject error(VanishError e, Object ref) {
    JsonObject frame = new JsonObject().put("type", "error").put("error", e.code().wire()).put("message", e.getMessage());
    if (ref != null) frame.put("ref", ref);
    if (e.retryAfterSeconds() > 0) frame.put("retryAfter", e.retryAfterSeconds());
    return frame;
  }

  /** The members of a welcome frame and of the room info answer. */
  public static JsonArray membersJson(List<MemberStatus> members) {
    JsonArray arr = new JsonArray();
    for (MemberStatus m : members) arr.add(new JsonObject().put("memberId", m.memberId()).put("online", m.online()));
    return arr;
  }
}
