package dev.vanish.server.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Builds the server-to-client frames of docs/PROTOCOL.md that engines publish. The Redis engine's Lua scripts
 * build the same bytes for message and presence frames (kept in step by the engine contract test).
 */
public final class Frames {

  private Frames() {}

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

  public static final String DESTROYED = "{\"type\":\"destroyed\"}";
  public static final String EXPIRED = "{\"type\":\"expired\"}";

  public static JsonArray membersJson(List<MemberStatus> members) {
    JsonArray arr = new JsonArray();
    for (MemberStatus m : members) arr.add(new JsonObject().put("memberId", m.memberId()).put("online", m.online()));
    return arr;
  }
}
