// The receiver's checks of protocol v2 (docs/PROTOCOL.md §5): is each decrypted message really from the seat the
// relay says, seen only once, in its sender's order, and sent about when the server stored it? Pure and stateful,
// one per room page: no DOM, no I/O. Every message frame the page handles — others' and its own echoes alike —
// goes through check() once, in the order the page receives them (a frame id handled before is not passed again).
//
//   const integrity = createIntegrity();
//   integrity.trimmedThrough(id?)      the server's declaration (welcome / history page): ids <= id are gone
//   integrity.check({id, ts, memberId}, plain, iv) -> {
//     show: boolean,        false: not a message to show (misattributed, replayed); `notice` says why
//     notice: Notice|null,  for a message not shown
//     before: Notice[],     gap notices (missing | trimmed) to show just before this message
//     marks: Notice[],      about this message itself (reordered, skew): show it, marked
//     filled: {key, left}[] earlier gap notices this message filled (left = how many of that gap still missing)
//   }
//   plain = the parsed plaintext {v: 2, memberId, seq, name, text, sentAt, seen?}; iv = the body's iv (base64url).
//   Notice = {code, ...fields}: misattributed {id, memberId, claimed}; replayed {id, memberId, seq};
//   missing / trimmed {key, memberId, from, to}; reordered {id, memberId, seq}; skew {id, memberId, skewMs}.

export const SKEW_MS = 120000;

const idOf = s => { try { return BigInt(s); } catch { return null; } };

export function createIntegrity() {
  let trimmed = null; // BigInt | null
  const ivs = new Set();
  const senders = new Map(); // memberId -> {high: seq, lastId: BigInt|null, seqs: Set, gaps: [{key, from, to, left: Set}]}

  const sender = m => {
    let s = senders.get(m);
    if (!s) senders.set(m, s = { high: 0, lastId: null, seqs: new Set(), gaps: [] });
    return s;
  };

  function check(frame, plain, iv) {
    const id = String(frame.id), memberId = frame.memberId;
    const res = { show: true, notice: null, before: [], marks: [], filled: [] };
    if (plain.memberId !== memberId) {
      return { ...res, show: false, notice: { code: 'misattributed', id, memberId, claimed: String(plain.memberId ?? '') } };
    }
    const seq = plain.seq;
    const s = sender(memberId);
    if (ivs.has(iv) || s.seqs.has(seq)) return { ...res, show: false, notice: { code: 'replayed', id, memberId, seq } };
    ivs.add(iv);
    s.seqs.add(seq);
    const bid = idOf(id);

    if (seq > s.high + 1) {
      // The server declared history trimmed past this sender's previous message (none counts): that explains the gap.
      const code = trimmed != null && (s.lastId ?? 0n) < trimmed ? 'trimmed' : 'missing';
      const from = s.high + 1, to = seq - 1;
      const key = `${code}:${memberId}:${from}`;
      const left = new Set();
      for (let q = from; q <= to && left.size < 10000; q++) left.add(q);
      s.gaps.push({ key, left });
      res.before.push({ code, key, memberId, from, to });
    } else if (seq < s.high) {
      res.marks.push({ code: 'reordered', id, memberId, seq });
      for (const g of s.gaps) {
        if (g.left.delete(seq)) res.filled.push({ key: g.key, left: g.left.size });
      }
      s.gaps = s.gaps.filter(g => g.left.size);
    }
    // Claims to have seen a message stored after itself: causality broken, whatever the seq says.
    const seen = plain.seen == null ? null : idOf(String(plain.seen));
    if (seen != null && bid != null && seen >= bid && !res.marks.length) res.marks.push({ code: 'reordered', id, memberId, seq });
    if (typeof frame.ts === 'number' && typeof plain.sentAt === 'number' && Math.abs(frame.ts - plain.sentAt) > SKEW_MS) {
      res.marks.push({ code: 'skew', id, memberId, skewMs: frame.ts - plain.sentAt, sentAt: plain.sentAt });
    }
    if (seq > s.high) s.high = seq;
    if (bid != null && (s.lastId == null || bid > s.lastId)) s.lastId = bid;
    return res;
  }

  return {
    check,
    trimmedThrough(id) {
      const b = id == null ? null : idOf(String(id));
      if (b != null && (trimmed == null || b > trimmed)) trimmed = b;
    },
  };
}
