// The plaintext of a message before encryption: UTF-8 JSON {"v":1,"name","text","sentAt"} (PROTOCOL.md §2).
package dev.vanish.client.crypto;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

public record Plaintext(String name, String text, long sentAt) {

  public static final int VERSION = 1;

  public String encode() {
    return new JsonObject().put("v", VERSION).put("name", name).put("text", text).put("sentAt", sentAt).encode();
  }

  /** Parses a decrypted plaintext; empty unless it is a JSON object with v = 1 and string name and text. */
  public static Optional<Plaintext> decode(byte[] utf8) {
    try {
      JsonObject j = new JsonObject(new String(utf8, StandardCharsets.UTF_8));
      if (!(j.getValue("v") instanceof Number v) || v.doubleValue() != VERSION) return Optional.empty();
      if (!(j.getValue("name") instanceof String name) || !(j.getValue("text") instanceof String text)) {
        return Optional.empty();
      }
      long sentAt = j.getValue("sentAt") instanceof Number n ? n.longValue() : 0L;
      return Optional.of(new Plaintext(name, text, sentAt));
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
