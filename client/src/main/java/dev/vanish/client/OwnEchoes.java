// What one RoomSession sealed lately, by ciphertext body: the server echoes every message to its sender too,
// and the session shows its own echo without decrypting it again (half the decryptions in a room of two).
// The echo may arrive after the ack, so PendingSends cannot hold this. Bounded: an echo that never comes
// (the socket dropped, the room ended) costs nothing. Used on the session's context only.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;

import java.util.LinkedHashMap;
import java.util.Map;

final class OwnEchoes {

  static final int MAX = 128;

  private final Map<String, Plaintext> byBody = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Plaintext> eldest) {
      return size() > MAX;
    }
  };

  void sealed(String body, Plaintext plaintext) {
    byBody.put(body, plaintext);
  }

  /** The plaintext this session sealed into {@code body}, once; null when unknown (e.g. sent before a restart). */
  Plaintext echoed(String body) {
    return byBody.remove(body);
  }
}
