package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomEvent;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The exactly-once, in-order rule of one socket, without a socket: what it sends, parks and drops. */
class DeliveryCursorTest {

  private static RoomEvent message(long id) {
    return new RoomEvent(RoomEvent.Kind.MESSAGE, "m", id, Buffer.buffer("{\"id\":\"" + id + "\"}"));
  }

  private static RoomEvent presence() {
    return new RoomEvent(RoomEvent.Kind.PRESENCE, null, 0, Buffer.buffer("{}"));
  }

  private static DeliveryCursor live(long after) {
    DeliveryCursor c = new DeliveryCursor();
    c.startAfter(after);
    assertThat(c.greeted()).isTrue();
    c.goLive();
    return c;
  }

  @Test
  void liveEventsDuringTheReplayAreParkedAndFlushedAfterItWithoutDuplicates() {
    DeliveryCursor c = new DeliveryCursor();
    c.startAfter(2);
    assertThat(c.offerLive(message(4))).isFalse();
    assertThat(c.offerLive(presence())).isFalse();
    assertThat(c.offerReplay(2)).as("at or below after").isFalse();
    assertThat(c.offerReplay(3)).isTrue();
    assertThat(c.offerReplay(4)).isTrue();
    assertThat(c.greeted()).isTrue();
    // message 4 came from history already: only the presence is still to send
    assertThat(c.goLive()).extracting(RoomEvent::kind).containsExactly(RoomEvent.Kind.PRESENCE);
    assertThat(c.live()).isTrue();
    assertThat(c.lastMessageId()).isEqualTo(4);
  }

  @Test
  void aLiveSocketSendsNewMessagesOnceAndNeverGoesBack() {
    DeliveryCursor c = live(0);
    assertThat(c.offerLive(message(1))).isTrue();
    assertThat(c.offerLive(message(1))).isFalse();
    assertThat(c.offerLive(message(3))).isTrue();
    assertThat(c.offerLive(message(2))).as("ids only grow").isFalse();
    assertThat(c.offerLive(presence())).as("non-messages always pass").isTrue();
  }

  @Test
  void aLiveEventAfterAGapCannotMoveTheCursorPastTheMissedMessages() {
    DeliveryCursor c = live(0);
    assertThat(c.offerLive(message(1))).isTrue();
    c.markGap(); // messages 2 and 3 are published while pub/sub is down
    assertThat(c.offerLive(message(4))).as("arrives on the new connection before the catch-up").isFalse();
    assertThat(c.lastMessageId()).as("the catch-up reads history after this").isEqualTo(1);
    assertThat(c.needsCatchUp()).isTrue();
    int gap = c.catchUpStarted();
    assertThat(c.needsCatchUp()).isFalse();
    assertThat(c.offerReplay(2)).isTrue();
    assertThat(c.offerReplay(3)).isTrue();
    assertThat(c.offerReplay(4)).isTrue();
    assertThat(c.caughtUp(gap)).as("4 came from history; nothing twice").isEmpty();
    assertThat(c.live()).isTrue();
    assertThat(c.offerLive(message(5))).isTrue();
  }

  @Test
  void aNewGapDuringACatchUpKeepsTheSocketParkedForTheNextOne() {
    DeliveryCursor c = live(0);
    c.markGap();
    int first = c.catchUpStarted();
    c.markGap(); // lost again while the first catch-up was reading history
    assertThat(c.caughtUp(first)).isEmpty();
    assertThat(c.live()).as("still parked").isFalse();
    assertThat(c.offerLive(message(7))).isFalse();
    assertThat(c.needsCatchUp()).isTrue();
    int second = c.catchUpStarted();
    assertThat(c.offerReplay(6)).isTrue();
    assertThat(c.caughtUp(second)).extracting(RoomEvent::messageId).containsExactly(7L);
    assertThat(c.live()).isTrue();
  }

  @Test
  void aGapDuringTheHelloReplayMakesTheGreetingWaitForACatchUp() {
    DeliveryCursor c = new DeliveryCursor();
    c.markGap();
    assertThat(c.needsCatchUp()).as("not greeted yet: the hello's own replay is still running").isFalse();
    assertThat(c.greeted()).isFalse();
    assertThat(c.needsCatchUp()).isTrue();
    assertThat(c.live()).isFalse();
  }
}
