// The receiver's checks of protocol v2 in isolation (IntegrityCheck is pure): fed frames as a server or a
// malicious relay would deliver them, it shows, drops and marks exactly as docs/PROTOCOL.md says.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrityCheckTest {

  static final String ALICE = "QWxpY2Utc2Vh";
  static final String BOB = "Qm9iLXNlYXQx";
  static final long T = 1_700_000_000_000L;

  private final IntegrityCheck check = new IntegrityCheck();
  private int ivs;

  private static Plaintext plain(String memberId, long seq, long sentAt, String seen) {
    return new Plaintext(memberId, seq, "someone", "text " + seq, sentAt, seen);
  }

  /** A fresh 16-character iv text, as a new body would have. */
  private String iv() {
    return String.format("iv%014d", ++ivs);
  }

  private IntegrityCheck.Verdict deliver(String id, String frameMember, Plaintext p) {
    return check.check(id, T, frameMember, iv(), p);
  }

  @Test
  void messagesInEachSendersOrderAreShownWithoutNotices() {
    assertThat(deliver("1", ALICE, plain(ALICE, 1, T, null))).isEqualTo(new IntegrityCheck.Verdict(true, false, false, java.util.List.of()));
    assertThat(deliver("2", BOB, plain(BOB, 1, T, "1")).notices()).isEmpty();
    assertThat(deliver("3", ALICE, plain(ALICE, 2, T, "2")).notices()).isEmpty();
    assertThat(deliver("4", BOB, plain(BOB, 2, T, "3")).show()).isTrue();
  }

  @Test
  void aMessageWhoseInnerMemberIdIsNotTheFramesIsNotShownAndNamedMisattributed() {
    IntegrityCheck.Verdict v = deliver("7", BOB, plain(ALICE, 1, T, null));
    assertThat(v.show()).isFalse();
    assertThat(v.notices()).containsExactly(Notice.misattributed("7", BOB, ALICE));
  }

  @Test
  void aReattributedCopyDeliveredFirstDoesNotHideTheOriginal() {
    String iv = iv();
    assertThat(check.check("5", T, BOB, iv, plain(ALICE, 1, T, null)).show()).isFalse();
    IntegrityCheck.Verdict original = check.check("6", T, ALICE, iv, plain(ALICE, 1, T, null));
    assertThat(original.show()).isTrue();
    assertThat(original.notices()).isEmpty();
  }

  @Test
  void theSameBodyUnderANewIdIsReplayedAndNotShown() {
    String iv = iv();
    assertThat(check.check("1", T, ALICE, iv, plain(ALICE, 1, T, null)).show()).isTrue();
    IntegrityCheck.Verdict again = check.check("9", T, ALICE, iv, plain(ALICE, 1, T, null));
    assertThat(again.show()).isFalse();
    assertThat(again.notices()).containsExactly(Notice.replayed("9", ALICE, 1));
  }

  @Test
  void anotherBodyWithAnAlreadySeenSenderAndSeqIsReplayed() {
    deliver("1", ALICE, plain(ALICE, 1, T, null));
    deliver("2", ALICE, plain(ALICE, 2, T, null));
    IntegrityCheck.Verdict v = deliver("3", ALICE, plain(ALICE, 1, T, null));
    assertThat(v.show()).isFalse();
    assertThat(v.notices()).containsExactly(Notice.replayed("3", ALICE, 1));
  }

  @Test
  void anIvSeenFromAnotherSenderIsReplayedToo() {
    String iv = iv();
    check.check("1", T, ALICE, iv, plain(ALICE, 1, T, null));
    assertThat(check.check("2", T, BOB, iv, plain(BOB, 1, T, null)).notices()).containsExactly(Notice.replayed("2", BOB, 1));
  }

  @Test
  void aSkippedSeqIsReportedMissingBeforeTheMessageWhichIsShown() {
    deliver("1", ALICE, plain(ALICE, 1, T, null));
    IntegrityCheck.Verdict v = deliver("3", ALICE, plain(ALICE, 3, T, null));
    assertThat(v.show()).isTrue();
    assertThat(v.notices()).containsExactly(Notice.missing(ALICE, 2, 2));
    assertThat(deliver("9", ALICE, plain(ALICE, 7, T, null)).notices()).containsExactly(Notice.missing(ALICE, 4, 6));
    assertThat(Notice.missing(ALICE, 4, 6).describe("alice")).isEqualTo("3 messages from alice did not arrive");
    assertThat(Notice.missing(ALICE, 2, 2).describe("alice")).isEqualTo("a message from alice did not arrive");
  }

  @Test
  void aSendersFirstMessageAfterSeqOneWithoutDeclaredTrimmingIsMissing() {
    assertThat(deliver("5", ALICE, plain(ALICE, 3, T, null)).notices()).containsExactly(Notice.missing(ALICE, 1, 2));
  }

  @Test
  void aSkipOverMessagesTheServerDeclaredTrimmedIsTrimmedNotMissing() {
    check.trimmedThrough("40");
    assertThat(deliver("41", ALICE, plain(ALICE, 4, T, null)).notices()).containsExactly(Notice.trimmed(ALICE, 1, 3));
    // after a message past the trim point, a further skip is the server's doing again
    assertThat(deliver("42", ALICE, plain(ALICE, 6, T, null)).notices()).containsExactly(Notice.missing(ALICE, 5, 5));
  }

  @Test
  void aSkipFromAMessageBeforeTheTrimPointIsTrimmed() {
    deliver("3", ALICE, plain(ALICE, 1, T, null));
    check.trimmedThrough("10"); // a reconnect's welcome declared more trimmed
    check.trimmedThrough("8");  // an older declaration does not lower it
    assertThat(check.trimmedThrough()).isEqualTo(10);
    assertThat(deliver("11", ALICE, plain(ALICE, 5, T, null)).notices()).containsExactly(Notice.trimmed(ALICE, 2, 4));
  }

  @Test
  void aLowerSeqThanOneSeenIsShownMarkedReordered() {
    deliver("1", ALICE, plain(ALICE, 2, T, null)); // the relay swapped 1 and 2
    IntegrityCheck.Verdict v = deliver("2", ALICE, plain(ALICE, 1, T, null));
    assertThat(v.show()).isTrue();
    assertThat(v.reordered()).isTrue();
    assertThat(v.notices()).containsExactly(Notice.reordered("2", ALICE, 1));
  }

  @Test
  void aMessageThatClaimsToHaveSeenALaterIdIsMarkedReordered() {
    IntegrityCheck.Verdict v = deliver("5", BOB, plain(BOB, 1, T, "5"));
    assertThat(v.show()).isTrue();
    assertThat(v.reordered()).isTrue();
    assertThat(v.notices()).containsExactly(Notice.reordered("5", BOB, 1));
    assertThat(deliver("6", BOB, plain(BOB, 2, T, "5")).reordered()).isFalse();
  }

  @Test
  void aSentAtMoreThanTwoMinutesFromTheServersTimeIsShownMarkedSkew() {
    IntegrityCheck.Verdict late = check.check("1", T, ALICE, iv(), plain(ALICE, 1, T - 3_600_000, null));
    assertThat(late.show()).isTrue();
    assertThat(late.skew()).isTrue();
    assertThat(late.notices()).containsExactly(Notice.skew("1", ALICE, 3_600_000));
    IntegrityCheck.Verdict ahead = check.check("2", T, ALICE, iv(), plain(ALICE, 2, T + 120_001, null));
    assertThat(ahead.notices()).containsExactly(Notice.skew("2", ALICE, -120_001));
    assertThat(check.check("3", T, ALICE, iv(), plain(ALICE, 3, T + 120_000, null)).skew()).isFalse();
  }

  @Test
  void memoryStaysBoundedAndASeqOlderThanTheWindowCountsAsReplayed() {
    for (int i = 1; i <= 5000; i++) assertThat(deliver(Integer.toString(i), ALICE, plain(ALICE, i, T, null)).notices()).isEmpty();
    assertThat(check.highestSeq(ALICE)).isEqualTo(5000);
    assertThat(deliver("5001", ALICE, plain(ALICE, 10, T, null)).notices()).containsExactly(Notice.replayed("5001", ALICE, 10));
    assertThat(deliver("5002", ALICE, plain(ALICE, 4999, T, null)).notices()).containsExactly(Notice.replayed("5002", ALICE, 4999));
    // a gap within the window, filled late: reordered, then a repeat of it replayed
    deliver("5003", ALICE, plain(ALICE, 5002, T, null));
    assertThat(deliver("5004", ALICE, plain(ALICE, 5001, T, null)).notices()).containsExactly(Notice.reordered("5004", ALICE, 5001));
    assertThat(deliver("5005", ALICE, plain(ALICE, 5001, T, null)).notices()).containsExactly(Notice.replayed("5005", ALICE, 5001));
  }

  @Test
  void noticesSerialiseToTheCliJsonLine() {
    assertThat(Notice.missing(ALICE, 2, 3).toJson().encode())
        .isEqualTo("{\"type\":\"notice\",\"code\":\"missing\",\"memberId\":\"QWxpY2Utc2Vh\",\"from\":2,\"to\":3}");
    assertThat(Notice.misattributed("7", BOB, ALICE).toJson().encode())
        .isEqualTo("{\"type\":\"notice\",\"code\":\"misattributed\",\"id\":\"7\",\"memberId\":\"Qm9iLXNlYXQx\",\"claimed\":\"QWxpY2Utc2Vh\"}");
    assertThat(Notice.skew("1", ALICE, -5).toJson().encode())
        .isEqualTo("{\"type\":\"notice\",\"code\":\"skew\",\"id\":\"1\",\"memberId\":\"QWxpY2Utc2Vh\",\"skewMs\":-5}");
  }
}
