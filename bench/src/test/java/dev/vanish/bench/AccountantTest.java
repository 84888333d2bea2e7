package dev.vanish.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger itself, fed synthetic sends and receipts: a lost, a duplicated and a stray message are each caught. */
class AccountantTest {

  /** Two rooms of three; members 0-2 in room 0, 3-5 in room 1. */
  private static Accountant connectedRooms() {
    Accountant a = new Accountant(2, 3);
    for (int i = 0; i < 6; i++) a.connected(i);
    return a;
  }

  @Test
  void everyMessageOnceToEveryOtherMemberIsClean() {
    Accountant a = connectedRooms();
    for (int sender = 0; sender < 6; sender++) {
      for (int seq = 0; seq < 4; seq++) {
        a.acked(sender, seq);
        int room = sender / 3 * 3;
        for (int r = room; r < room + 3; r++) if (r != sender) assertThat(a.received(r, sender, seq)).isTrue();
      }
    }
    assertThat(a.tally()).isEqualTo(new Accountant.Tally(24, 48, 48, 0, 0, 0, 0));
  }

  @Test
  void aMessageMissingAtOneReceiverIsLost() {
    Accountant a = connectedRooms();
    a.acked(0, 0);
    a.acked(0, 1);
    a.received(1, 0, 0);
    a.received(1, 0, 1);
    a.received(2, 0, 0); // member 2 never gets seq 1
    Accountant.Tally t = a.tally();
    assertThat(t.expected()).isEqualTo(4);
    assertThat(t.delivered()).isEqualTo(3);
    assertThat(t.lost()).isEqualTo(1);
    assertThat(t.duplicates()).isZero();
  }

  @Test
  void aMessageReceivedTwiceIsADuplicateAndCountsOnce() {
    Accountant a = connectedRooms();
    a.acked(4, 7);
    assertThat(a.received(3, 4, 7)).isTrue();
    assertThat(a.received(5, 4, 7)).isTrue();
    assertThat(a.received(5, 4, 7)).isFalse();
    Accountant.Tally t = a.tally();
    assertThat(t.delivered()).isEqualTo(2);
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.lost()).isZero();
  }

  @Test
  void messagesFromAnotherRoomOrFromOneselfAreForeign() {
    Accountant a = connectedRooms();
    a.acked(0, 0);
    assertThat(a.received(3, 0, 0)).isFalse(); // room 1 got room 0's message
    assertThat(a.received(0, 0, 0)).isFalse(); // own echo counted as a delivery
    assertThat(a.received(1, 99, 0)).isFalse();
    Accountant.Tally t = a.tally();
    assertThat(t.foreign()).isEqualTo(3);
    assertThat(t.lost()).isEqualTo(2);
  }

  @Test
  void onlyConnectedMembersAreExpectedToReceiveAndUnackedReceiptsAreCountedApart() {
    Accountant a = new Accountant(1, 3);
    a.connected(0);
    a.connected(1); // member 2 never connected
    a.acked(0, 0);
    a.received(1, 0, 0);
    a.received(0, 1, 5); // member 1's send 5 failed (no ack) yet arrived
    Accountant.Tally t = a.tally();
    assertThat(t.expected()).isEqualTo(1);
    assertThat(t.lost()).isZero();
    assertThat(t.delivered()).isEqualTo(1);
    assertThat(t.deliveredUnacked()).isEqualTo(1);
  }

  @Test
  void payloadsRoundTrip() {
    String pad = Payload.padding(5);
    assertThat(Payload.parseText(Payload.text(12, 3, -42L, pad))).isEqualTo(new Payload(12, 3, -42L));
    assertThat(Payload.parseFrame(Payload.frame(12, 3, 9_000_000_000L, pad))).isEqualTo(new Payload(12, 3, 9_000_000_000L));
    assertThat(Payload.parseText("hello there")).isNull();
    assertThat(Payload.parseFrame("{\"s\":\"x\"}")).isNull();
  }
}
