// Room page ("/r/{roomId}#{K}"): reads K from the fragment, reuses or takes a seat, opens the socket, decrypts and
// renders messages, sends encrypted ones (pending until acked), shows presence, typing, the countdown and the
// connection state, and leaves for the lobby banner on destroy, expiry or a vanished room, forgetting key and token.
import { h } from './dom.js';
import { api, roomPath, getConfig } from './api.js';
import { parseKey, deriveKeys, b64url, encryptBody, decryptBody } from './crypto.js';
import { getName } from './names.js';
import { loadSeat, saveSeat, forgetSeat } from './seats.js';
import { RoomSocket } from './socket.js';
import { banner } from './banner.js';

const te = new TextEncoder();
const pad = n => String(n).padStart(2, '0');
const hhmm = ts => { const d = new Date(ts); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };
const isCoarse = () => matchMedia('(pointer: coarse)').matches;

function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
  return hh ? `${hh}:${pad(mm)}:${pad(ss)}` : `${pad(mm)}:${pad(ss)}`;
}

function badLink(root, navigate) {
  history.replaceState(null, '', location.pathname); // drop the wrong key from the address bar and history
  document.title = 'Vanish · link incomplete';
  root.append(h('section', { class: 'screen' },
    h('a', { class: 'brand', href: '/', onclick: e => { e.preventDefault(); navigate('/'); } }, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
    banner('bad-link'),
    h('p', { class: 'dim', text: 'A Vanish link carries the room key after the # sign. Without the exact key the room cannot be opened or read. Ask the person who shared it to copy the whole link again.' }),
    h('button', { class: 'primary', type: 'button', text: 'Go to the lobby', onclick: () => navigate('/') })));
  return null;
}

export function renderRoom(root, roomId, navigate) {
  const K = parseKey(location.hash.slice(1));
  if (!K) return badLink(root, navigate);
  const rp = roomPath(roomId);

  // ---- state
  let keys, hash, seat, socket, me = null, capacity = 0, expiresAt = 0, offset = 0;
  let members = [], maxPlain = 24548, lastId = null, dead = false, rejoined = false, firstLoadUntil = Infinity;
  let unread = 0, refSeq = 0, lastTypingSent = 0, zeroCheck = 0;
  const myIds = new Set(), names = new Map(), typers = new Map();
  const sorted = []; // sent messages in id order: {id: BigInt, el}
  const seen = new Set(); // message ids already handled
  const pending = new Map(); // ref -> {ref, body, el, inflight}
  const timers = [];
  const every = (fn, ms) => timers.push(setInterval(fn, ms));

  // ---- view
  const countdown = h('span', { class: 'countdown', tid: 'countdown', text: '--:--' });
  const membersEl = h('span', { class: 'pill', tid: 'members', text: '–' });
  const conn = h('span', { class: 'conn', tid: 'connection', 'data-state': 'connecting', role: 'status' }, h('span', { class: 'label', text: 'connecting…' }));
  const copyBtn = h('button', { type: 'button', class: 'ghost', tid: 'copy-link', text: 'Copy link', onclick: copyLink });
  const destroyBtn = h('button', { type: 'button', class: 'danger', tid: 'destroy', text: 'Destroy now', 'aria-expanded': 'false', onclick: () => confirmBox(true) });
  const confirmYes = h('button', { type: 'button', class: 'danger solid', tid: 'destroy-confirm', text: 'Yes, destroy everything', onclick: destroy });
  const confirm = h('div', { class: 'confirm', hidden: true, role: 'alertdialog', 'aria-label': 'Confirm destroy',
    onkeydown: e => { if (e.key === 'Escape') confirmBox(false); } },
    h('p', {}, h('b', { text: 'Destroy this room for everyone? ' }), 'Every message is deleted at once and the link stops working.'),
    h('div', { class: 'actions' }, confirmYes, h('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: () => confirmBox(false) })));
  const list = h('ol', { class: 'msgs', 'aria-label': 'Messages' });
  const empty = h('div', { class: 'empty' },
    h('p', { class: 'big', text: 'No messages yet.' }),
    h('p', { class: 'dim', text: 'Share the link: only people who have it can join and read. Everything here is encrypted in your browser and deleted when the timer runs out.' }),
    h('button', { type: 'button', class: 'ghost', text: 'Copy invite link', onclick: e => copyLink(e) }));
  const notice = h('p', { class: 'notice', hidden: true, role: 'status' });
  const log = h('section', { class: 'log', onscroll: () => { if (atBottom()) jump.hidden = true; } }, h('div', { class: 'inner' }, notice, empty, list));
  const jump = h('button', { type: 'button', class: 'jump', hidden: true, text: '↓ New messages', onclick: () => { scrollDown(); input.focus(); } });
  const typing = h('div', { class: 'typing', 'aria-hidden': 'true' });
  const input = h('textarea', { id: 'message', tid: 'message-input', rows: '1', placeholder: 'Message', autocomplete: 'off', enterkeyhint: 'send',
    oninput: onInput, onkeydown: e => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    } });
  const send = h('button', { type: 'submit', class: 'primary send', tid: 'send', disabled: true, text: 'Send' });
  const counter = h('span', { class: 'counter', hidden: true, 'aria-live': 'polite' });
  const who = h('span', { class: 'who' });
  const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'false' });
  const form = h('form', { class: 'composer', onsubmit: e => { e.preventDefault(); submit(); } },
    h('label', { for: 'message', class: 'sr-only', text: 'Message' }),
    h('div', { class: 'inner' }, h('div', { class: 'row' }, input, send), h('div', { class: 'meta' }, who, counter)));

  root.append(h('div', { class: 'room' },
    h('header', { class: 'bar' },
      h('div', { class: 'inner' },
        h('div', { class: 'grp' },
          h('a', { class: 'brand', href: '/', title: 'Back to the lobby', onclick: e => { e.preventDefault(); navigate('/'); } }, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
          h('span', { class: 'rid', title: `Room ${roomId}`, text: `#${roomId.slice(0, 6)}` }),
          h('span', { class: 'timer' }, h('span', { class: 'lbl', text: 'self-destructs in ' }), countdown)),
        h('div', { class: 'grp' }, membersEl, conn, h('span', { class: 'spacer' }), copyBtn, destroyBtn)),
      confirm),
    log,
    h('div', { class: 'foot' }, jump, typing, form), live));
  document.title = 'Vanish · room';
  who.textContent = `as ${getName()} · end-to-end encrypted`;

  // ---- helpers
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  const scrollDown = () => { log.scrollTop = log.scrollHeight; jump.hidden = true; };
  const serverNow = () => Date.now() + offset;
  const setNotice = t => { notice.textContent = t || ''; notice.hidden = !t; };

  function leave(reason) {
    if (dead) return;
    cleanup();
    forgetSeat(roomId);
    keys = null;
    navigate(`/?gone=${reason}`, true); // replaces this entry: the key leaves the address bar and history
  }

  function cleanup() {
    if (dead) return;
    dead = true;
    socket?.close();
    timers.forEach(clearInterval);
    clearTimeout(zeroCheck);
    document.removeEventListener('visibilitychange', onVisible);
    document.title = 'Vanish';
  }

  function failed(e) {
    if (dead) return;
    if (e.status === 404) leave('not-found');
    else if (e.status === 409) leave('full');
    else if (e.status === 403) { cleanup(); navigate(location.pathname, true); } // wrong key: the incomplete-link screen
    else {
      setNotice(e.status ? `Something went wrong (${e.code}). Retrying…` : 'Cannot reach the server. Retrying…');
      conn.dataset.state = 'offline';
      conn.firstChild.textContent = 'offline';
      timers.push(setTimeout(start, 3000));
    }
  }

  async function join() {
    const r = await api('POST', `${rp}/members`, { body: { accessProof: b64url(keys.authKey) } });
    seat = { memberId: r.memberId, token: r.token, h: hash, exp: r.expiresAt };
    saveSeat(roomId, seat);
  }

  function applyInfo(info) {
    me = info.you;
    myIds.add(me);
    capacity = info.capacity;
    expiresAt = info.expiresAt;
    const est = info.expiresAt - info.remainingSeconds * 1000 + 500 - Date.now();
    offset = Math.abs(est) > 1000 ? est : 0; // correct only real skew, not the second of rounding
    members = info.members || [];
    renderMembers();
    tick();
  }

  async function start() {
    if (dead) return;
    try {
      if (!keys) {
        const [k, cfg] = await Promise.all([deriveKeys(K), getConfig()]);
        keys = k;
        hash = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', k.authKey)));
        maxPlain = Math.floor(cfg.maxBodyChars * 3 / 4) - 28;
      }
      if (dead) return;
      seat = loadSeat(roomId);
      if (seat && seat.h !== hash) seat = null; // a seat taken with another key is not ours to reuse
      let info = null;
      if (seat) {
        try { info = await api('GET', rp, { token: seat.token }); } catch (e) { if (e.status !== 401) throw e; seat = null; }
      }
      if (!seat) {
        await join();
        info = await api('GET', rp, { token: seat.token });
      }
      if (dead) return;
      setNotice('');
      applyInfo(info);
      firstLoadUntil = serverNow() - 1500;
      connect();
    } catch (e) { failed(e); }
  }

  function connect() {
    socket?.close();
    socket = new RoomSocket(roomId, {
      hello: () => (lastId == null ? { type: 'hello', token: seat.token } : { type: 'hello', token: seat.token, after: String(lastId) }),
      onFrame,
      onState: s => {
        conn.dataset.state = s;
        conn.firstChild.textContent = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', offline: 'offline' }[s];
        form.classList.toggle('off', s !== 'connected');
      },
      onClose: async (code, reason) => {
        if (code === 4410 || code === 4404) { leave(code === 4404 ? 'not-found' : reason === 'destroyed' ? 'destroyed' : 'expired'); return 'stop'; }
        if (code === 4401) {
          if (rejoined) { leave('not-found'); return 'stop'; }
          rejoined = true;
          try { await join(); return 'now'; } catch (e) {
            if (e.status === 0 || e.status >= 500) { rejoined = false; return 'retry'; }
            failed(e); return 'stop';
          }
        }
        return 'retry';
      },
    });
    socket.connect();
  }

  function onFrame(f) {
    if (dead) return;
    switch (f.type) {
      case 'welcome':
        rejoined = false;
        me = f.memberId;
        myIds.add(me);
        capacity = f.capacity;
        if (f.expiresAt) expiresAt = f.expiresAt;
        members = f.members || [];
        renderMembers();
        flushPending();
        break;
      case 'message': onMessage(f); break;
      case 'ack': { const p = pending.get(f.ref); if (p) confirmSent(p, String(f.id), f.ts); break; }
      case 'presence': members = f.members || []; renderMembers(); break;
      case 'typing': showTyping(f.memberId); break;
      case 'destroyed': case 'expired': leave(f.type); break;
      case 'error': {
        const p = f.ref != null && pending.get(f.ref);
        if (!p) break;
        p.inflight = false;
        if (f.error === 'rate_limited') timers.push(setTimeout(() => trySend(p), (f.retryAfter || 1) * 1000));
        else markFailed(p);
        break;
      }
    }
  }

  // ---- messages
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

  async function onMessage(f) {
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
      const m = JSON.parse(await decryptBody(keys.msgKey, roomId, f.body));
      if (m && m.v === 1 && typeof m.text === 'string') msg = { name: typeof m.name === 'string' && m.name.trim() ? m.name.trim().slice(0, 64) : 'someone', text: m.text };
    } catch { /* shown as undecryptable below */ }
    if (dead) return;
    const mine = myIds.has(f.memberId);
    if (msg) names.set(f.memberId, msg.name);
    typers.delete(f.memberId);
    renderTyping();
    const bottom = atBottom();
    place(id, msgEl({ mine, sender: msg ? msg.name : names.get(f.memberId) || 'unknown', text: msg ? msg.text : '[could not decrypt]', ts: f.ts, bad: !msg }));
    if (bottom || mine) scrollDown(); else jump.hidden = false;
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
    p.el.querySelector('time').textContent = hhmm(ts || serverNow());
    p.el.querySelector('.state').replaceChildren();
    place(id, p.el);
  }

  function markFailed(p) {
    p.el.classList.add('failed');
    p.el.querySelector('.state').replaceChildren('not sent · ',
      h('button', { type: 'button', class: 'link', text: 'retry', onclick: () => { p.el.classList.remove('failed'); setState(p, 'sending…'); trySend(p); } }));
  }

  const setState = (p, t) => p.el.querySelector('.state').replaceChildren(t);

  function trySend(p) {
    if (dead || !pending.has(p.ref)) return;
    if (socket?.send({ type: 'send', body: p.body, ref: p.ref })) p.inflight = true;
  }

  // After a (re)connect: a message sent on a lost socket may or may not be stored. Look it up before sending again.
  async function flushPending() {
    const lost = [...pending.values()].filter(p => p.inflight);
    if (lost.length) {
      try {
        const after = lost.reduce((a, p) => (p.cursor < a ? p.cursor : a), lost[0].cursor);
        const r = await api('GET', `${rp}/messages?after=${after}`, { token: seat.token });
        for (const m of r.messages) await onMessage(m);
      } catch { /* resend below */ }
    }
    for (const p of [...pending.values()]) { p.inflight = false; if (!p.el.classList.contains('failed')) trySend(p); }
  }

  async function submit() {
    const text = input.value;
    if (!text.trim() || send.disabled || dead) return;
    const plain = JSON.stringify({ v: 1, name: getName(), text, sentAt: serverNow() });
    if (te.encode(plain).length > maxPlain) return;
    input.value = '';
    lastTypingSent = 0; // the others' indicator ended with this message; the next keystroke announces again
    onInput();
    input.focus();
    const ref = `c${++refSeq}-${Date.now().toString(36)}`;
    const el = msgEl({ mine: true, text, ts: 0 });
    el.classList.add('pending');
    list.append(el);
    empty.hidden = true;
    scrollDown();
    const p = { ref, el, inflight: false, cursor: lastId ?? 0n };
    setState(p, 'sending…');
    p.body = await encryptBody(keys.msgKey, roomId, plain);
    pending.set(ref, p);
    trySend(p);
  }

  function onInput() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
    const text = input.value;
    // Exact size of the plaintext JSON, computed only when the text could be near the limit.
    const used = text.length * 6 + 200 < maxPlain * 0.9 ? 0 : te.encode(JSON.stringify({ v: 1, name: getName(), text, sentAt: 1e12 })).length;
    const left = maxPlain - used;
    counter.hidden = left > maxPlain * 0.1;
    counter.textContent = left >= 0 ? `${left} left` : `${-left} over the limit`;
    counter.classList.toggle('over', left < 0);
    send.disabled = !text.trim() || left < 0;
    if (text.trim() && Date.now() - lastTypingSent > 3000 && socket?.send({ type: 'typing' })) lastTypingSent = Date.now();
  }

  // ---- presence, typing, countdown
  function renderMembers() {
    const online = members.filter(m => m.online).length;
    membersEl.textContent = `${online}/${capacity} online`;
    membersEl.title = `${members.length} of ${capacity} seats taken`;
  }

  function showTyping(memberId) {
    typers.set(memberId, Date.now() + 4000);
    renderTyping();
  }

  function renderTyping() {
    const now = Date.now();
    for (const [k, t] of typers) if (t < now) typers.delete(k);
    const who = [...typers.keys()].map(k => names.get(k) || 'someone');
    typing.textContent = who.length === 0 ? '' : who.length === 1 ? `${who[0]} is typing…` : `${who.slice(0, 2).join(', ')}${who.length > 2 ? ' and others' : ''} are typing…`;
  }

  function tick() {
    if (!expiresAt || dead) return;
    const left = expiresAt - serverNow();
    countdown.textContent = clock(left);
    countdown.classList.toggle('urgent', left < 60000);
    if (left <= 0 && !zeroCheck) {
      // The server announces expiry itself; this is only a safety net if that frame never comes.
      zeroCheck = setTimeout(async () => {
        try { const info = await api('GET', rp, { token: seat.token }); applyInfo(info); zeroCheck = 0; } catch (e) { if (e.status !== 401) leave('expired'); else zeroCheck = 0; }
      }, 1500);
    }
  }

  // ---- header actions
  async function copyLink(e) {
    const btn = e?.currentTarget || copyBtn, label = (btn.dataset.label ||= btn.textContent);
    const url = location.href;
    if (navigator.share && isCoarse()) {
      try { await navigator.share({ title: 'Vanish room', url }); return; } catch (e) { if (e.name === 'AbortError') return; }
    }
    let ok = false;
    try { await navigator.clipboard.writeText(url); ok = true; } catch {
      const t = h('textarea', { readonly: true, class: 'offscreen' });
      t.value = url;
      document.body.append(t);
      t.select();
      try { ok = document.execCommand('copy'); } catch { /* unsupported */ }
      t.remove();
    }
    btn.textContent = ok ? 'Copied!' : 'Copy failed';
    btn.classList.toggle('ok', ok);
    setTimeout(() => { btn.textContent = label; btn.classList.remove('ok'); }, 1600);
  }

  function confirmBox(open) {
    confirm.hidden = !open;
    destroyBtn.setAttribute('aria-expanded', String(open));
    (open ? confirmYes : destroyBtn).focus();
  }

  async function destroy() {
    confirmYes.disabled = true;
    confirmYes.textContent = 'Destroying…';
    try { await api('DELETE', rp, { token: seat.token }); leave('destroyed'); } catch (e) {
      if (e.status === 404) leave('destroyed');
      else { confirmYes.disabled = false; confirmYes.textContent = 'Yes, destroy everything'; setNotice(`Could not destroy the room: ${e.message}`); }
    }
  }

  function onVisible() {
    if (!document.hidden && unread) { unread = 0; document.title = 'Vanish · room'; }
  }

  document.addEventListener('visibilitychange', onVisible);
  every(tick, 250);
  every(renderTyping, 1000);
  onInput();
  input.focus();
  start();
  return cleanup;
}
