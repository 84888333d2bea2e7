// The exactly-once, in-order rule of one socket (docs/PROTOCOL.md §6), as pure logic with no I/O, so it has a
// unit test of its own (DeliveryCursorTest). It decides what a socket writes; Session does the writing.
// - Until the hello's history replay is done, live events are parked; then they are flushed in order.
// - Message ids only grow: a message at or below the last one sent is dropped (history and live overlap).
// - Gaps: when the engine's pub/sub connection is lost, events may have been missed since the last message
//   sent, so markGap() parks live events again at once. A live event arriving later (on the new connection,
//   before the catch-up has read history) must not move the cursor past the missed ones, or the catch-up,
//   which reads history after lastMessageId(), would skip them: the loss of issue 12. Each gap is numbered;
//   a catch-up covers the gaps up to the one current when it started reading, and the socket goes live only
//   when no newer gap came meanwhile.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomEvent;

import java.util.ArrayList;
import java.util.List;

final class DeliveryCursor {

  private long lastMessageId;
  /** Non-null while not live: the events held back, in arrival order. */
  private List<RoomEvent> parked = new ArrayList<>();
  private boolean greeted;
  private int gaps;
  private int coveredGaps;

  /** The client's {@code after}: messages up to it are not sent again. */
  void startAfter(long afterId) {
    lastMessageId = afterId;
  }

  long lastMessageId() {
    return lastMessageId;
  }

  /** Live: replay done, no gap waiting. */
  boolean live() {
    return parked == null;
  }

  /** A live event from the room's channel: true to write it now; false when parked or already sent. */
  boolean offerLive(RoomEvent event) {
    if (parked != null) {
      parked.add(event);
      return false;
    }
    return admit(event);
  }

  /** A message from history: true to write it (it is newer than everything sent so far). */
  boolean offerReplay(long id) {
    if (id <= lastMessageId) return false;
    lastMessageId = id;
    return true;
  }

  private boolean admit(RoomEvent event) {
    if (event.kind() != RoomEvent.Kind.MESSAGE) return true;
    return offerReplay(event.messageId());
  }

  /** Events may have been missed from here on: park live events until a catch-up covers this gap. */
  void markGap() {
    gaps++;
    if (parked == null) parked = new ArrayList<>();
  }

  /** The hello's replay is done; true if the socket may go live now (no gap was marked meanwhile). */
  boolean greeted() {
    greeted = true;
    return gaps == coveredGaps;
  }

  /** Greeted, with a gap no catch-up has started covering yet. */
  boolean needsCatchUp() {
    return greeted && gaps != coveredGaps;
  }

  /** A catch-up starts reading history; returns the gap it covers, for {@link #caughtUp}. */
  int catchUpStarted() {
    coveredGaps = gaps;
    return gaps;
  }

  /** The catch-up that covered {@code gap} replayed history: the events to write now (empty if a newer gap came). */
  List<RoomEvent> caughtUp(int gap) {
    return gap == gaps ? goLive() : List.of();
  }

  /** Ends parking: returns the held-back events that are still to be written, in order. */
  List<RoomEvent> goLive() {
    List<RoomEvent> backlog = parked;
    parked = null;
    if (backlog == null || backlog.isEmpty()) return List.of();
    List<RoomEvent> out = new ArrayList<>(backlog.size());
    for (RoomEvent e : backlog) if (admit(e)) out.add(e);
    return out;
  }
}
