// The sends of one RoomSession still waiting for their ack, in order: each completes on its ack (by ref) or on
// its own echoed message (by body), whichever comes first, and knows whether it went out on a socket that
// then dropped — then only the history can say whether the server stored it. Each remembers its text and the
// seat and seq it was sealed for: a body is re-sent unchanged until stored, and re-sealed only for a new seat
// (protocol v2 §4). Used on the session's context.
package dev.vanish.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

final class PendingSends {

  /** The seat and seq a body was sealed for. */
  record Sealed(String memberId, long seq) {}

  /** What a send says: its text and, for a file message, its file (null otherwise). */
  record Draft(String text, dev.vanish.client.crypto.FileRef file) {}

  /** Seals a draft again for the current seat: the new body and what it was sealed for. */
  interface Resealer {
    Reseal reseal(Draft draft);
  }

  record Reseal(String body, Sealed sealed) {}

  private static final class Pending {
    String body;
    final Draft text;
    Sealed sealed;
    final Promise<Ack> promise = Promise.promise();
    boolean written;
    boolean unsure;

    Pending(String body, Draft text, Sealed sealed) {
      this.body = body;
      this.text = text;
      this.sealed = sealed;
    }
  }

  private final Map<String, Pending> byRef = new LinkedHashMap<>();
  private long refSeq;

  /** Registers a send; returns its ref. */
  String add(String body) {
    return add(body, null, null);
  }

  /** Registers a send of a draft sealed into body for a seat and seq; returns its ref. */
  String add(String body, Draft text, Sealed sealed) {
    String ref = Long.toString(++refSeq);
    byRef.put(ref, new Pending(body, text, sealed));
    return ref;
  }

  /** Whether a send not yet written was sealed for another seat than this one (the seat was lost and taken again). */
  boolean needsReseal(String memberId) {
    for (Pending p : byRef.values()) {
      if (p.sealed != null && p.text != null && !p.written && !p.unsure && !p.sealed.memberId().equals(memberId)) return true;
    }
    return false;
  }

  /**
   * Seals every send not yet written again, in order, for the current seat: after a rejoin none of them was
   * stored (the history was checked), and sealing them all — those queued for the new seat too — keeps their
   * seqs in the order they go out.
   */
  void resealUnwritten(Resealer resealer) {
    for (Pending p : byRef.values()) {
      if (p.text == null || p.written || p.unsure) continue;
      Reseal r = resealer.reseal(p.text);
      p.body = r.body();
      p.sealed = r.sealed();
    }
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

  /** Fails the send with this ref (the server refused it: not stored); null when there is none. */
  Sealed fail(String ref, VanishException e) {
    Pending p = ref == null ? null : byRef.remove(ref);
    if (p == null) return null;
    p.promise.tryFail(e);
    return p.sealed == null ? new Sealed("", 0) : p.sealed;
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
