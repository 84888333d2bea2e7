// What a v2 receiver checks about each decrypted message before showing it (docs/PROTOCOL.md, "What
// receivers do"), in one pure class: no I/O, no clock, one instance per session, fed in id order. It binds
// each message to its frame's sender (misattributed), drops repeats of an iv or of a (sender, seq) pair
// (replayed), reports each sender's skipped seqs before the next message (missing, or trimmed when the
// server declared trimming there), and marks messages that arrive out of their sender's order (reordered)
// or whose sender's clock is more than two minutes from the server's (skew).
//
// Memory is bounded whatever a relay sends: per sender the highest seq, the id of its last message and a
// window of the last 512 seqs; and the last 256 ivs. A seq older than its sender's window cannot be told
// from a repeat and is reported as replayed (an honest server never reorders, let alone by 512).
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class IntegrityCheck {

  /** What to do with one message: show it (with its marks) or not, and the notices to emit before it. */
  public record Verdict(boolean show, boolean skew, boolean reordered, List<Notice> notices) {}

  /** |ts − sentAt| beyond this marks a message (two minutes). */
  public static final long MAX_SKEW_MS = 120_000;
  static final int SEQ_WINDOW = 512;
  static final int IV_MEMORY = 256;

  private static final class Sender {
    long highest;
    long lastId = -1;
    final long[] window = new long[SEQ_WINDOW / 64];

    boolean has(long seq) {
      int i = (int) (seq % SEQ_WINDOW);
      return (window[i >>> 6] & (1L << (i & 63))) != 0;
    }

    void set(long seq) {
      int i = (int) (seq % SEQ_WINDOW);
      window[i >>> 6] |= 1L << (i & 63);
    }

    void clear(long seq) {
      int i = (int) (seq % SEQ_WINDOW);
      window[i >>> 6] &= ~(1L << (i & 63));
    }

    /** Records seq; when it is a new highest, the window moves (the positions it passes are cleared). */
    void record(long seq) {
      if (seq > highest) {
        if (seq - highest >= SEQ_WINDOW) java.util.Arrays.fill(window, 0);
        else for (long x = highest + 1; x < seq; x++) clear(x);
        highest = seq;
      }
      set(seq);
    }
  }

  private final Map<String, Sender> senders = new HashMap<>();
  // The last IV_MEMORY ivs (96 bits each as two longs), a ring scanned linearly: a few hundred compares.
  private final long[] ivHigh = new long[IV_MEMORY];
  private final long[] ivLow = new long[IV_MEMORY];
  private int ivCount;
  private int ivNext;
  private long trimmedThrough = -1;

  /** The server declared every message with id ≤ this one trimmed (welcome or history page); the highest wins. */
  public void trimmedThrough(String id) {
    long n = parseId(id);
    if (n > trimmedThrough) trimmedThrough = n;
  }

  /** The declared trim point, or -1 when none. */
  public long trimmedThrough() {
    return trimmedThrough;
  }

  /**
   * Checks one decrypted message, in id order, own echoes included.
   *
   * @param id            the frame's message id
   * @param ts            the server's time
   * @param frameMemberId the sender the server names
   * @param iv            the body's iv as text ({@code VanishCrypto.ivOf}); null skips the iv check
   * @param p             the decrypted v2 plaintext
   */
  public Verdict check(String id, long ts, String frameMemberId, String iv, Plaintext p) {
    if (!p.memberId().equals(frameMemberId)) {
      return new Verdict(false, false, false, List.of(Notice.misattributed(id, frameMemberId, p.memberId())));
    }
    Sender s = senders.get(frameMemberId);
    long seq = p.seq();
    boolean repeat = s != null && seq <= s.highest && (seq <= s.highest - SEQ_WINDOW || s.has(seq));
    if (repeat || (iv != null && ivSeen(iv))) {
      return new Verdict(false, false, false, List.of(Notice.replayed(id, frameMemberId, seq)));
    }
    if (iv != null) rememberIv(iv);
    if (s == null) {
      s = new Sender();
      senders.put(frameMemberId, s);
    }
    List<Notice> notices = new ArrayList<>(1);
    if (seq > s.highest + 1) {
      boolean trimmed = trimmedThrough >= 0 && s.lastId < trimmedThrough; // no earlier message counts as before it
      notices.add(trimmed ? Notice.trimmed(frameMemberId, s.highest + 1, seq - 1)
          : Notice.missing(frameMemberId, s.highest + 1, seq - 1));
    }
    long n = parseId(id);
    boolean reordered = seq < s.highest || (p.seen() != null && n >= 0 && parseId(p.seen()) >= n);
    if (reordered) notices.add(Notice.reordered(id, frameMemberId, seq));
    long skewMs = ts - p.sentAt();
    boolean skew = Math.abs(skewMs) > MAX_SKEW_MS;
    if (skew) notices.add(Notice.skew(id, frameMemberId, skewMs));
    s.record(seq);
    if (n > s.lastId) s.lastId = n;
    return new Verdict(true, skew, reordered, notices.isEmpty() ? List.of() : List.copyOf(notices));
  }

  /** The highest seq seen from a member (0 when none): a sender resuming its seat continues after it. */
  public long highestSeq(String memberId) {
    Sender s = senders.get(memberId);
    return s == null ? 0 : s.highest;
  }

  private boolean ivSeen(String iv) {
    long hi = bits(iv, 0, 8), lo = bits(iv, 8, 16);
    for (int i = 0; i < ivCount; i++) if (ivHigh[i] == hi && ivLow[i] == lo) return true;
    return false;
  }

  private void rememberIv(String iv) {
    ivHigh[ivNext] = bits(iv, 0, 8);
    ivLow[ivNext] = bits(iv, 8, 16);
    ivNext = (ivNext + 1) % IV_MEMORY;
    if (ivCount < IV_MEMORY) ivCount++;
  }

  /** The characters [from, to) of a base64url text as 8 bits each (exact: 8 characters fit a long). */
  private static long bits(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) v = (v << 8) | (i < s.length() ? s.charAt(i) & 0xff : 0);
    return v;
  }

  private static long parseId(String id) {
    if (id == null || id.isEmpty() || id.length() > 18) return -1;
    long v = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
