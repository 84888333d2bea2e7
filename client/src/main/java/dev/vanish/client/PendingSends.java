// The sends of one RoomSession still waiting for their ack, in order: each completes on its ack (by ref) or on
// its own echoed message (by body), whichever comes first, and knows whether it went out on a socket that
// then dropped — then only the history can say whether the server stored it. Used on the session's context.
package dev.vanish.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

final class PendingSends {

  private static final class Pending {
    final String body;
    final Promise<Ack> promise = Promise.promise();
    boolean written;
    boolean unsure;

    Pending(String body) {
      this.body = body;
    }
  }

  private final Map<String, Pending> byRef = new LinkedHashMap<>();
  private long refSeq;

  /** Registers a send; returns its ref. */
  String add(String body) {
    String ref = Long.toString(++refSeq);
    byRef.put(ref, new Pending(body));
    return ref;
  }

  Future<Ack> future(String ref) {
    return byRef.get(ref).promise.future();
  }

  /** Writes every send not yet written on the current socket, in order, marking it written. */
  void writeUnwritten(BiConsumer<String, String> writer) {
    for (Map.Entry<String, Pending> e : byRef.entrySet()) {
      if (!e.getValue().written) write(e.getKey(), writer);
    }
  }

  /** Writes one send (ref, body) and marks it written. */
  void write(String ref, BiConsumer<String, String> writer) {
    Pending p = byRef.get(ref);
    p.written = true;
    writer.accept(ref, p.body);
  }

  /** The socket dropped: sends written on it are now unsure and must not be written again blindly. */
  void socketDropped() {
    for (Pending p : byRef.values()) {
      if (p.written) {
        p.written = false;
        p.unsure = true;
      }
    }
  }

  boolean anyUnsure() {
    return byRef.values().stream().anyMatch(p -> p.unsure);
  }

  /** The history was read (and matching sends resolved): the remaining ones were not stored. */
  void historyChecked() {
    for (Pending p : byRef.values()) p.unsure = false;
  }

  void ack(String ref, Ack ack) {
    Pending p = ref == null ? null : byRef.remove(ref);
    if (p != null) p.promise.tryComplete(ack);
  }

  /** Fails the send with this ref; false when there is none. */
  boolean fail(String ref, VanishException e) {
    Pending p = ref == null ? null : byRef.remove(ref);
    if (p == null) return false;
    p.promise.tryFail(e);
    return true;
  }

  /** This session's own message arrived: the first send with the same body is done. */
  void echoed(String body, Ack ack) {
    for (Iterator<Pending> it = byRef.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.body.equals(body)) {
        it.remove();
        p.promise.tryComplete(ack);
        return;
      }
    }
  }

  void failAll(VanishException e) {
    for (Pending p : byRef.values()) p.promise.tryFail(e);
    byRef.clear();
  }
}
