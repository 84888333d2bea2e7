// PendingSends without a server: the bookkeeping that makes each send complete exactly once (by ack or by its
// own echo, whichever comes first), written in order, and never written again blindly after a dropped socket.
package dev.vanish.client;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingSendsTest {

  private final PendingSends pending = new PendingSends();
  private final List<String> wire = new ArrayList<>();

  private void written(String ref, String body) {
    wire.add(ref + ":" + body);
  }

  @Test
  void eachSendGetsItsOwnRefInTheOrderTheyWereMade() {
    String a = pending.add("A");
    String b = pending.add("B");
    String c = pending.add("C");
    assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    assertThat(Long.parseLong(a)).isLessThan(Long.parseLong(b));
    assertThat(Long.parseLong(b)).isLessThan(Long.parseLong(c));
  }

  @Test
  void unwrittenSendsGoOutInOrderAndOnlyOnce() {
    String a = pending.add("A");
    String b = pending.add("B");
    pending.write(a, this::written);
    String c = pending.add("C");
    pending.writeUnwritten(this::written);
    pending.writeUnwritten(this::written);
    assertThat(wire).containsExactly(a + ":A", b + ":B", c + ":C");
  }

  @Test
  void anAckCompletesOnlyTheSendWithItsRef() {
    String a = pending.add("A");
    String b = pending.add("B");
    Future<Ack> fa = pending.future(a);
    Future<Ack> fb = pending.future(b);
    pending.ack(b, new Ack("7", 70));
    assertThat(fb.result()).isEqualTo(new Ack("7", 70));
    assertThat(fa.isComplete()).isFalse();
    pending.ack(a, new Ack("8", 80));
    assertThat(fa.result()).isEqualTo(new Ack("8", 80));
  }

  @Test
  void anEchoCompletesTheFirstSendWithThatBodyAndALateAckChangesNothing() {
    String first = pending.add("SAME");
    String second = pending.add("SAME");
    Future<Ack> f1 = pending.future(first);
    Future<Ack> f2 = pending.future(second);
    pending.echoed("SAME", new Ack("5", 50));
    assertThat(f1.result()).isEqualTo(new Ack("5", 50));
    assertThat(f2.isComplete()).isFalse();
    pending.ack(first, new Ack("99", 990)); // the ack of the echoed send arrives after its echo
    assertThat(f1.result()).isEqualTo(new Ack("5", 50));
    assertThat(f2.isComplete()).isFalse();
  }

  @Test
  void anEchoAfterTheAckFindsNothingAndLeavesTheOtherSendsAlone() {
    String a = pending.add("A");
    String b = pending.add("B");
    Future<Ack> fa = pending.future(a);
    Future<Ack> fb = pending.future(b);
    pending.ack(a, new Ack("1", 10));
    pending.echoed("A", new Ack("1", 10));
    assertThat(fa.result()).isEqualTo(new Ack("1", 10));
    assertThat(fb.isComplete()).isFalse();
  }

  @Test
  void anAckOrEchoNobodyWaitsForIsIgnored() {
    String a = pending.add("A");
    pending.ack(null, new Ack("1", 10));
    pending.ack("no-such-ref", new Ack("2", 20));
    pending.echoed("OTHER", new Ack("3", 30));
    assertThat(pending.future(a).isComplete()).isFalse();
  }

  @Test
  void sendsWrittenOnADroppedSocketBecomeUnsureAndAreNotRewrittenUntilTheHistoryWasChecked() {
    String a = pending.add("A");
    pending.write(a, this::written);
    String b = pending.add("B"); // made while connected but not written yet
    assertThat(pending.anyUnsure()).isFalse();

    pending.socketDropped();
    assertThat(pending.anyUnsure()).isTrue();

    pending.historyChecked();
    assertThat(pending.anyUnsure()).isFalse();
    pending.writeUnwritten(this::written);
    assertThat(wire).containsExactly(a + ":A", a + ":A", b + ":B");
  }

  @Test
  void aDropWithNothingWrittenLeavesNothingUnsure() {
    pending.add("A");
    pending.socketDropped();
    assertThat(pending.anyUnsure()).isFalse();
  }

  @Test
  void anEchoReadFromTheHistoryResolvesAnUnsureSendSoItIsNotSentTwice() {
    String a = pending.add("A");
    String b = pending.add("B");
    pending.writeUnwritten(this::written);
    pending.socketDropped();
    pending.echoed("A", new Ack("12", 120)); // the history shows A was stored
    pending.historyChecked();
    wire.clear();
    pending.writeUnwritten(this::written);
    assertThat(wire).containsExactly(b + ":B");
    assertThat(pending.future(b).isComplete()).isFalse();
  }

  @Test
  void anErrorFailsOnlyItsOwnSend() {
    String a = pending.add("A");
    String b = pending.add("B");
    Future<Ack> fa = pending.future(a);
    VanishException limited = new VanishException(VanishException.Code.RATE_LIMITED, "slow down");
    assertThat(pending.fail(a, limited)).isNotNull();
    assertThat(fa.cause()).isSameAs(limited);
    assertThat(pending.future(b).isComplete()).isFalse();
    assertThat(pending.fail(a, limited)).isNull();
    assertThat(pending.fail(null, limited)).isNull();
  }

  @Test
  void failAllFailsEverySendAndForgetsThem() {
    Future<Ack> fa = pending.future(pending.add("A"));
    String b = pending.add("B");
    Future<Ack> fb = pending.future(b);
    pending.write(b, this::written);
    pending.socketDropped();
    VanishException ended = VanishException.ended(EndReason.CLOSED);
    pending.failAll(ended);
    assertThat(fa.cause()).isSameAs(ended);
    assertThat(fb.cause()).isSameAs(ended);
    assertThat(pending.anyUnsure()).isFalse();
    wire.clear();
    pending.writeUnwritten(this::written);
    assertThat(wire).isEmpty();
  }

  @Test
  void afterANewSeatEverySendNotYetWrittenIsSealedAgainInOrderForIt() {
    String a = pending.add("A-old", draft("a"), new PendingSends.Sealed("old", 3));
    String stored = pending.add("S-old", draft("s"), new PendingSends.Sealed("old", 4));
    pending.write(stored, this::written);
    pending.ack(stored, new Ack("9", 1));
    String b = pending.add("B-new", draft("b"), new PendingSends.Sealed("new", 1)); // queued while rejoining
    assertThat(pending.needsReseal("new")).isTrue();
    long[] seq = {0};
    pending.resealUnwritten(d -> new PendingSends.Reseal(d.text().toUpperCase() + "-new" + (++seq[0]),
        new PendingSends.Sealed("new", seq[0])));
    assertThat(pending.needsReseal("new")).isFalse();
    pending.writeUnwritten(this::written);
    assertThat(wire).containsExactly(stored + ":S-old", a + ":A-new1", b + ":B-new2"); // 1, 2 in the order they go out
  }

  private static PendingSends.Draft draft(String text) {
    return new PendingSends.Draft(text, null);
  }
}
