// A room's message list: decrypts and shows messages in id order, each id once however often it arrives; runs every
// one through integrity.js (protocol v2 §5) and shows what it finds as notices in the list (data-notice="<code>":
// misattributed and replayed instead of the message; missing and trimmed before it; reordered and skew on it);
// keeps yours pending until acked (after a reconnect resending only what was not stored, re-sealed when the seat
// changed); follows the bottom or offers "↓ New messages"; counts unread in the tab title; announces new ones to
// screen readers. Every author is shown with its seat's tag (tags.js), names cleaned (names.js), and a note
// (data-testid=name-notice) says when two seats use one name or a seat changes its name.
// No seats or sockets here: room.js hands it frames and the means to seal, send and fetch.
import { h } from './dom.js';
import { decryptBody } from './crypto.js';
import { createIntegrity } from './integrity.js';
import { cleanName, nameKey, isReserved } from './names.js';
import { seatTag, tagEl, tagText } from './tags.js';

// Shown when the server answers storage_full (its memory budget or Redis's maxmemory is reached).
const STORAGE_FULL_TEXT = 'The server is full right now: your message was not sent. Try again in a few minutes.';

const pad = n => String(n).padStart(2, '0');
const hhmm = ts => { const d = new Date(ts); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };
const when = ts => { const d = new Date(ts); return Math.abs(ts - Date.now()) > 20 * 3600e3 ? `${d.toLocaleDateString()} ${hhmm(ts)}` : hhmm(ts); };

// A plaintext v2 this page can show, else null (shown as undecryptable, as a body of another version is).
function readPlain(text) {
  let m;
  try { m = JSON.parse(text); } catch { return null; }
  if (!m || m.v !== 2 || typeof m.text !== 'string' || typeof m.memberId !== 'string' || !Number.isSafeInteger(m.seq) || m.seq < 1) return null;
  return { ...m, name: cleanName(m.name) || 'someone' };
}

// seal(text, seen) -> Promise<{body, memberId, plain, iv}> (room.js: the current seat, its next seq);
// member() -> the current seat's memberId; transmit(frame) -> sent?; fetchAfter(cursor) -> {messages, next?,
// trimmedThrough?} (one page); onSender(memberId): their message ended their typing; onSeq(memberId, seq): a
// message of ours was seen in the history (a reloaded page continues after it); myName() -> this seat's name;
// onUnread(): a message from someone else arrived while the page is away (hidden or unfocused); files('card', el,
// file): a message shown or sent has a "file" (files.js adds its card).
export function createMessageList({ roomId, key, now, seal, member, transmit, fetchAfter, copyLink, onJump, onSender, onSeq, myName, onUnread, files }) {
  let lastId = null, unread = 0, refSeq = 0, firstLoadUntil = Infinity, closed = false;
  const myIds = new Set(), names = new Map(), noted = new Set();
  const integrity = createIntegrity();
  const sorted = []; // entries in id order: {id: BigInt, sub: 0 notice before the message | 1 the message, el}
  const seen = new Set(); // message ids already handled
  const pending = new Map(); // ref -> {ref, text, body, memberId, plain, iv, el, inflight, cursor}
  const gapEls = new Map(); // gap notice key -> {el, n: messages still missing, notice}
  const timers = [];

  const list = h('ol', { class: 'msgs', 'aria-label': 'Messages' });
  const empty = h('div', { class: 'empty' },
    h('p', { class: 'big', text: 'No messages yet.' }),
    h('p', { class: 'dim', text: 'Share the link: only people who have it can join and read. Everything here is encrypted in your browser and deleted when the timer runs out.' }),
    h('button', { type: 'button', class: 'ghost', text: 'Copy invite link', onclick: e => copyLink(e) }));
  const notice = h('p', { class: 'notice', hidden: true, role: 'status' });
  const log = h('section', { class: 'log', onscroll: () => { if (atBottom()) jump.hidden = true; } }, h('div', { class: 'inner' }, notice, empty, list));
  const jump = h('button', { type: 'button', class: 'jump', hidden: true, text: '↓ New messages', onclick: () => { scrollDown(); onJump(); } });
  const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'false' });

  // A little slack: a reader a few pixels up still follows new messages.
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  const scrollDown = () => { log.scrollTop = log.scrollHeight; jump.hidden = true; };
  const setNotice = t => { notice.textContent = t || ''; notice.hidden = !t; };
  const setState = (p, t) => p.el.querySelector('.state').replaceChildren(t);
  // ⟨seat⟩ in a notice: the name last seen from that member id, else a seat label.
  const seatName = id => (myIds.has(id) ? 'you' : `${shown(names.get(id) || 'seat')} ${tagText(roomId, id) || String(id).slice(0, 4)}`);
  // A received "you" is quoted, so only your own seat reads YOU.
  const shown = n => (isReserved(n) ? `“${n}”` : n);
  const away = () => document.hidden || !document.hasFocus();

  function bump(id) {
    const b = BigInt(id);
    if (lastId == null || b > lastId) lastId = b;
  }

  function msgEl({ mine, sender, memberId, text, ts, bad }) {
    return h('li', { class: `msg${mine ? ' mine' : ''}${bad ? ' bad' : ''}`, tid: 'message' },
      h('div', { class: 'meta' },
        h('span', { class: 'sender', tid: 'message-sender', text: mine ? 'YOU' : shown(sender) }),
        tagEl(roomId, memberId),
        h('time', { text: ts ? hhmm(ts) : '' }),
        h('span', { class: 'state' })),
      h('div', { class: 'text', tid: 'message-text', text }));
  }

  function gapText(n) {
    if (n.code === 'trimmed') return 'Older messages were dropped: the room keeps only its latest ones.';
    const k = n.to - n.from + 1;
    return k === 1 ? `A message from ${seatName(n.memberId)} did not arrive.` : `${k} messages from ${seatName(n.memberId)} did not arrive.`;
  }

  function noticeText(n) {
    switch (n.code) {
      case 'misattributed': return myIds.has(n.memberId)
        ? `Not shown: a message from ${seatName(n.claimed)} was delivered as if you had sent it.`
        : `Not shown: a message from ${seatName(n.claimed)} was delivered as if ${seatName(n.memberId)} had sent it.`;
      case 'replayed': return `Not shown: a repeat of an earlier message from ${seatName(n.memberId)}.`;
      default: return gapText(n);
    }
  }

  function noticeEl(n) {
    return h('li', { class: `note ${n.code}`, tid: 'notice', 'data-notice': n.code, role: 'note' }, h('span', { text: noticeText(n) }));
  }

  function markText(n) {
    return n.code === 'skew' ? `sent at ${when(n.sentAt)} by its sender's clock (${Math.round(Math.abs(n.skewMs) / 60000)} min off)`
      : 'arrived out of order';
  }

  // Entries in id order (BigInt: ids may exceed 2^53), above any still pending; a gap notice just before its message.
  function place(id, el, sub = 1) {
    const b = BigInt(id);
    let i = sorted.length;
    while (i > 0 && (sorted[i - 1].id > b || (sorted[i - 1].id === b && sorted[i - 1].sub > sub))) i--;
    const next = sorted[i]?.el || list.querySelector('.pending');
    sorted.splice(i, 0, { id: b, sub, el });
    el.dataset.id = id;
    list.insertBefore(el, next || null);
    empty.hidden = true;
  }

  function unplace(el) {
    const i = sorted.findIndex(e => e.el === el);
    if (i >= 0) sorted.splice(i, 1);
    el.remove();
  }

  function announce(t) {
    live.append(h('p', { text: t }));
    while (live.childNodes.length > 5) live.firstChild.remove();
  }

  // What integrity.js found about message `id`: notices placed around it, marks on `el` (null: not shown).
  function apply(id, r, el, ts) {
    const fresh = ts >= firstLoadUntil;
    for (const n of r.before) {
      const g = { el: noticeEl(n), n: n.to - n.from + 1, notice: n };
      gapEls.set(n.key, g);
      place(id, g.el, 0);
      if (fresh) announce(gapText(n));
    }
    for (const f of r.filled) {
      const g = gapEls.get(f.key);
      if (!g) continue;
      if (f.left === 0) { unplace(g.el); gapEls.delete(f.key); continue; }
      // The gap is smaller now: say how many are still missing.
      g.n = f.left;
      g.el.firstChild.textContent = gapText({ code: 'missing', memberId: g.notice.memberId, from: 1, to: f.left });
    }
    if (!r.show) {
      place(id, noticeEl(r.notice));
      if (fresh) announce(noticeText(r.notice));
      return;
    }
    if (r.marks.length) {
      el.classList.add('flagged');
      el.append(...r.marks.map(n => h('p', { class: `flag ${n.code}`, 'data-notice': n.code, text: markText(n) })));
    }
  }

  async function add(f) {
    const id = String(f.id);
    if (!/^\d{1,18}$/.test(id)) return;
    bump(id); // the socket's message ids only increase, so this is our resume cursor even for a duplicate
    if (seen.has(id)) return;
    seen.add(id);
    if (myIds.has(f.memberId)) {
      for (const p of pending.values()) if (p.body === f.body) { confirmSent(p, id, f.ts); return; }
    }
    let msg = null, iv = null;
    try {
      const d = await decryptBody(key(), roomId, f.body);
      msg = readPlain(d.text);
      iv = d.iv;
    } catch { /* shown as undecryptable below */ }
    await seatTag(roomId, f.memberId); // known before anything of this seat is shown: tags and notes fill at once
    if (closed) return;
    const mine = myIds.has(f.memberId);
    onSender(f.memberId);
    const bottom = atBottom();
    if (!msg) {
      place(id, msgEl({ mine, sender: names.get(f.memberId) || 'unknown', memberId: f.memberId, text: '[could not decrypt]', ts: f.ts, bad: true }));
    } else {
      const r = integrity.check(f, msg, iv);
      if (r.show) {
        nameSeen(id, f.memberId, msg.name, f.ts >= firstLoadUntil);
        if (mine) onSeq(f.memberId, msg.seq);
      }
      const el = r.show ? msgEl({ mine, sender: msg.name, memberId: f.memberId, text: msg.text, ts: f.ts }) : null;
      if (el) place(id, el);
      if (el && 'file' in msg) files('card', el, msg.file);
      apply(id, r, el, f.ts);
      if (!r.show) msg = null;
    }
    if (bottom || mine) scrollDown(); else jump.hidden = false;
    // Announce only what arrives while the page is open, not the history loaded on entry.
    if (!mine && f.ts >= firstLoadUntil && (msg || !iv)) {
      announce(`${msg ? shown(msg.name) : 'Someone'}: ${msg ? msg.text.slice(0, 280) : 'a message that could not be decrypted'}`);
      if (away()) { unread++; document.title = `(${unread}) Vanish · room`; onUnread?.(); }
    }
  }

  // A seat's name as of message `id`: a note before it when the seat changed its name, or when another seat
  // (yours included) already uses the same name; each seat and name is noted once.
  function nameSeen(id, memberId, name, fresh) {
    const was = names.get(memberId);
    names.set(memberId, name);
    if (was === name || myIds.has(memberId)) return;
    const k = nameKey(name), notes = [];
    if (was != null) notes.push(['renamed', `${shown(was)} `, memberId, ` is now called ${shown(name)}.`]);
    const same = [...names].filter(([m, n]) => m !== memberId && !myIds.has(m) && nameKey(n) === k).map(([m]) => m);
    const mine = nameKey(myName?.() || '') === k;
    if ((same.length || mine) && !noted.has(`${memberId}
${k}`)) {
      noted.add(`${memberId}
${k}`);
      notes.push(mine ? ['same-name', 'Another seat, ', memberId, `, uses your name ${shown(name)}: only your own messages are marked YOU.`]
        : ['same-name', `Two seats use the name ${shown(name)}: `, same[0], ' and ', memberId, '. Tell them apart by the tag.']);
    }
    for (const [code, ...parts] of notes) {
      const el = h('li', { class: `note name ${code}`, tid: 'name-notice', 'data-notice': code, role: 'note' },
        h('span', {}, ...parts.map((x, i) => (i % 2 ? tagEl(roomId, x) : x))));
      place(id, el, 0);
      if (fresh) announce(el.textContent);
    }
  }

  // One of ours is stored as `id`: it passes the same checks as everyone's (and is recorded as seen).
  function confirmSent(p, id, ts) {
    pending.delete(p.ref);
    seen.add(id);
    p.el.classList.remove('pending', 'failed');
    p.el.querySelector('time').textContent = hhmm(ts || now());
    p.el.querySelector('.state').replaceChildren();
    const r = integrity.check({ id, ts, memberId: p.memberId }, p.plain, p.iv);
    if (r.show) place(id, p.el); else p.el.remove();
    apply(id, r, r.show ? p.el : null, ts);
  }

  function markFailed(p) {
    p.el.classList.add('failed');
    p.el.querySelector('.state').replaceChildren('not sent · ',
      h('button', { type: 'button', class: 'link', text: 'retry', onclick: () => { p.el.classList.remove('failed'); setState(p, 'sending…'); trySend(p); } }));
  }

  // Seals p's text for the current seat (a fresh seq, what we have seen so far).
  async function sealFor(p) {
    Object.assign(p, await seal(p.text, lastId == null ? undefined : String(lastId), p.file));
    p.el.querySelector('.tag').replaceWith(tagEl(roomId, p.memberId));
  }

  async function trySend(p) {
    if (closed || !pending.has(p.ref) || p.inflight) return;
    // Sealed for a seat we no longer hold (a rejoin): the others would rightly reject it as misattributed.
    if (p.memberId !== member()) await sealFor(p);
    if (closed || !pending.has(p.ref) || p.inflight) return;
    if (transmit({ type: 'send', body: p.body, ref: p.ref })) p.inflight = true;
  }

  // Yours: shown at once as pending, sent once sealed.
  async function post(text, file) {
    const ref = `c${++refSeq}-${Date.now().toString(36)}`;
    const el = msgEl({ mine: true, text, ts: 0, memberId: member() });
    if (file) files('card', el, file);
    el.classList.add('pending');
    list.append(el);
    empty.hidden = true;
    scrollDown();
    const p = { ref, text, file, el, inflight: false, cursor: lastId ?? 0n };
    setState(p, 'sending…');
    await sealFor(p);
    pending.set(ref, p); // only now: a reconnect meanwhile must not send it without a body
    trySend(p);
  }

  // After a (re)connect: a message sent on a lost socket may or may not be stored. Look it up before sending again.
  async function flush() {
    const lost = [...pending.values()].filter(p => p.inflight);
    if (lost.length) {
      try {
        // The history comes in pages: follow `next` until the last one (PROTOCOL.md §4).
        let after = lost.reduce((a, p) => (p.cursor < a ? p.cursor : a), lost[0].cursor);
        while (after != null) {
          const r = await fetchAfter(after);
          integrity.trimmedThrough(r.trimmedThrough);
          for (const m of r.messages) await add(m);
          after = r.next ?? null;
        }
      } catch { /* resend below */ }
    }
    for (const p of [...pending.values()]) { p.inflight = false; if (!p.el.classList.contains('failed')) trySend(p); }
  }

  // An error frame about one of ours: rate limited waits and resends, anything else offers a retry.
  function reject(f) {
    const p = f.ref != null && pending.get(f.ref);
    if (!p) return;
    p.inflight = false;
    if (f.error === 'rate_limited') timers.push(setTimeout(() => trySend(p), (f.retryAfter || 1) * 1000));
    else {
      // storage_full: the server keeps nothing more until rooms expire; say so, and let the user retry later.
      if (f.error === 'storage_full') setNotice(STORAGE_FULL_TEXT);
      markFailed(p);
    }
  }

  function onVisible() {
    if (!away() && unread) { unread = 0; document.title = 'Vanish · room'; }
  }
  document.addEventListener('visibilitychange', onVisible);
  addEventListener('focus', onVisible);

  return {
    log, jump, live, setNotice, add, post, flush, reject,
    me: id => myIds.add(id), // every member id we held here: a rejoin gets a new one
    cursor: () => lastId, // highest id seen (BigInt) or null: where a reconnect resumes
    trimmedThrough: id => integrity.trimmedThrough(id), // the welcome's declaration
    announceAfter: ts => { firstLoadUntil = ts; },
    nameOf: id => names.get(id),
    ack(ref, id, ts) { const p = pending.get(ref); if (p) confirmSent(p, id, ts); },
    close() {
      closed = true;
      timers.forEach(clearTimeout);
      document.removeEventListener('visibilitychange', onVisible);
      removeEventListener('focus', onVisible);
    },
  };
}
