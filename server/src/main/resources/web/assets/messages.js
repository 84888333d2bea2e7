// A room's message list: decrypts and shows messages in id order, each id once however often it arrives; keeps
// yours pending until acked (after a reconnect resending only what was not stored); follows the bottom or offers
// "↓ New messages"; counts unread in the tab title; announces new ones to screen readers. No seats or sockets here:
// room.js hands it frames and the means to send and fetch.
import { h } from './dom.js';
import { decryptBody } from './crypto.js';

// Shown when the server answers storage_full (its memory budget or Redis's maxmemory is reached).
const STORAGE_FULL_TEXT = 'The server is full right now: your message was not sent. Try again in a few minutes.';

const pad = n => String(n).padStart(2, '0');
const hhmm = ts => { const d = new Date(ts); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };

// transmit(frame) -> sent?; fetchAfter(cursor) -> {messages, next?} (one page); onSender(memberId): their message ended their typing.
export function createMessageList({ roomId, key, now, transmit, fetchAfter, copyLink, onJump, onSender }) {
  let lastId = null, unread = 0, refSeq = 0, firstLoadUntil = Infinity, closed = false;
  const myIds = new Set(), names = new Map();
  const sorted = []; // sent messages in id order: {id: BigInt, el}
  const seen = new Set(); // message ids already handled
  const pending = new Map(); // ref -> {ref, body, el, inflight, cursor}
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

  function bump(id) {
    const b = BigInt(id);
    if (lastId == null || b > lastId) lastId = b;
  }

  function msgEl({ mine, sender, text, ts, bad }) {
    return h('li', { class: `msg${mine ? ' mine' : ''}${bad ? ' bad' : ''}`, tid: 'message' },
      h('div', { class: 'meta' },
        h('span', { class: 'sender', tid: 'message-sender', text: mine ? 'YOU' : sender }),
        h('time', { text: ts ? hhmm(ts) : '' }),
        h('span', { class: 'state' })),
      h('div', { class: 'text', tid: 'message-text', text }));
  }

  // Stored messages in id order (BigInt: ids may exceed 2^53), above any still pending.
  function place(id, el) {
    const b = BigInt(id);
    let i = sorted.length;
    while (i > 0 && sorted[i - 1].id > b) i--;
    const next = sorted[i]?.el || list.querySelector('.pending');
    sorted.splice(i, 0, { id: b, el });
    el.dataset.id = id;
    list.insertBefore(el, next || null);
    empty.hidden = true;
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
    let msg = null;
    try {
      const m = JSON.parse(await decryptBody(key(), roomId, f.body));
      if (m && m.v === 1 && typeof m.text === 'string') msg = { name: typeof m.name === 'string' && m.name.trim() ? m.name.trim().slice(0, 64) : 'someone', text: m.text };
    } catch { /* shown as undecryptable below */ }
    if (closed) return;
    const mine = myIds.has(f.memberId);
    if (msg) names.set(f.memberId, msg.name);
    onSender(f.memberId);
    const bottom = atBottom();
    place(id, msgEl({ mine, sender: msg ? msg.name : names.get(f.memberId) || 'unknown', text: msg ? msg.text : '[could not decrypt]', ts: f.ts, bad: !msg }));
    if (bottom || mine) scrollDown(); else jump.hidden = false;
    // Announce only what arrives while the page is open, not the history loaded on entry.
    if (!mine && f.ts >= firstLoadUntil) {
      live.append(h('p', { text: `${msg ? msg.name : 'Someone'}: ${msg ? msg.text.slice(0, 280) : 'a message that could not be decrypted'}` }));
      while (live.childNodes.length > 5) live.firstChild.remove();
      if (document.hidden) { unread++; document.title = `(${unread}) Vanish · room`; }
    }
  }

  function confirmSent(p, id, ts) {
    pending.delete(p.ref);
    seen.add(id);
    p.el.classList.remove('pending', 'failed');
    p.el.querySelector('time').textContent = hhmm(ts || now());
    p.el.querySelector('.state').replaceChildren();
    place(id, p.el);
  }

  function markFailed(p) {
    p.el.classList.add('failed');
    p.el.querySelector('.state').replaceChildren('not sent · ',
      h('button', { type: 'button', class: 'link', text: 'retry', onclick: () => { p.el.classList.remove('failed'); setState(p, 'sending…'); trySend(p); } }));
  }

  function trySend(p) {
    if (closed || !pending.has(p.ref)) return;
    if (transmit({ type: 'send', body: p.body, ref: p.ref })) p.inflight = true;
  }

  // Yours: shown at once as pending, sent once seal() has encrypted it.
  async function post(text, seal) {
    const ref = `c${++refSeq}-${Date.now().toString(36)}`;
    const el = msgEl({ mine: true, text, ts: 0 });
    el.classList.add('pending');
    list.append(el);
    empty.hidden = true;
    scrollDown();
    const p = { ref, el, inflight: false, cursor: lastId ?? 0n };
    setState(p, 'sending…');
    p.body = await seal();
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
    if (!document.hidden && unread) { unread = 0; document.title = 'Vanish · room'; }
  }
  document.addEventListener('visibilitychange', onVisible);

  return {
    log, jump, live, setNotice, add, post, flush, reject,
    me: id => myIds.add(id), // every member id we held here: a rejoin gets a new one
    cursor: () => lastId, // highest id seen (BigInt) or null: where a reconnect resumes
    announceAfter: ts => { firstLoadUntil = ts; },
    nameOf: id => names.get(id),
    ack(ref, id, ts) { const p = pending.get(ref); if (p) confirmSent(p, id, ts); },
    close() {
      closed = true;
      timers.forEach(clearTimeout);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
