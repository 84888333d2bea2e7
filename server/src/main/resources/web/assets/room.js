// Room page ("/r/{roomId}"). K comes in memory from the lobby (the creator, who joins at once) or from the link's
// fragment, dropped from the address bar at once; it is never stored (seats.js). A recipient sees joinscreen.js and
// takes a seat only on Join. Then: reuses this browser's seat or takes one (signs a fresh challenge; unlock.js asks a
// passphrase), runs the socket, seals messages (memberId, seq), and leaves for the lobby on destroy, expiry or a gone
// room, forgetting key and seat. pagehide gives back a seat that never sent; Esc x3 (panic) leaves and wipes.
// The view parts are header.js, joinscreen.js, unlock.js (loaded once a room asks a passphrase), messages.js, typing.js,
// composer.js, options.js and files.js (loaded at the first file); the seat's name (names.js) is kept with the seat.
import { h } from './dom.js';
import { api, roomPath, getConfig } from './api.js';
import { parseKey, linkKey, roomKeys, stretch, seatSignature, previewSignature, seatStore, b64url, encryptBody } from './crypto.js';
import { loadSeat, saveSeat, forgetSeat, takeOver, sweepSeats } from './seats.js';
import { RoomSocket } from './socket.js';
import { FALLBACK_LIMITS, HISTORY_PAGE, VERSION, maxPlain as maxPlainOf, reasonOf } from './protocol.js';
import { banner } from './banner.js';
import { createHeader, copyLink, shareLink } from './header.js';
import { createJoinScreen } from './joinscreen.js';
import { createMessageList } from './messages.js';
import { createTyping } from './typing.js';
import { createComposer, plaintext } from './composer.js';
import { createOptions } from './options.js';
import { nameForRoom } from './names.js';

// No key: a link cut short, or this page reloaded or restored (the key lives in the page's memory only).
function badLink(root, navigate) {
  history.replaceState(null, '', location.pathname); // drop the wrong key from the address bar and history
  document.title = 'Vanish · link incomplete';
  root.append(h('section', { class: 'screen' },
    h('a', { class: 'brand', href: '/', onclick: e => { e.preventDefault(); navigate('/'); } }, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
    banner('bad-link'),
    h('p', { class: 'dim', text: 'A Vanish link carries the room key after the # sign. This page keeps the key only in memory, never in the address bar or storage: after a reload, or in a new tab, open the full link again. Without the exact key the room cannot be opened or read.' }),
    h('button', { class: 'primary', type: 'button', text: 'Go to the lobby', onclick: () => navigate('/') })));
  return null;
}

export function renderRoom(root, roomId, navigate) {
  sweepSeats();
  const handed = takeOver(roomId); // {K, P}: this document's lobby just created the room
  const K = handed?.K || parseKey(location.hash.slice(1));
  // At once: the key leaves the address bar (the first visit's History entry is the browser's; docs/SECURITY.md).
  if (location.hash) history.replaceState(null, '', location.pathname);
  if (!K) return badLink(root, navigate);
  const creator = !!handed;
  const rp = roomPath(roomId);
  shareLink(`${location.origin}/r/${encodeURIComponent(roomId)}#${b64url(K)}`);

  // ---- state
  // link: the link's signing key; keys: roomKeys(K, roomId, P) plus h, a hash of its root (what a seat records).
  let link, keys, seat, socket, capacity = 0, expiresAt = 0, offset = 0, P = handed?.P || null, preview = null, screen = null;
  let name = null, maxPlain = maxPlainOf(FALLBACK_LIMITS.maxBodyChars), dead = false, stopped = false, rejoined = false, zeroCheck = 0;
  let onSeated;
  const seated = new Promise(r => { onSeated = r; });
  const timers = [];
  const every = (fn, ms) => timers.push(setInterval(fn, ms));
  const serverNow = () => Date.now() + offset;

  // ---- view
  const options = createOptions(root);
  const header = createHeader({ roomId, navigate, onDestroy: destroy });
  // The passphrase prompt is loaded only once a room asks for one (most never do), in place of this marker.
  const unlockAt = document.createComment('passphrase prompt');
  let unlocking = null;
  const prompt = () => (unlocking ||= import('./unlock.js').then(m => {
    const u = m.createUnlock({ onSubmit: tryPassphrase });
    unlockAt.replaceWith(u.el);
    return u;
  }));
  const unlock = {
    show: opts => prompt().then(u => { if (!dead) u.show(opts); }),
    checking: () => unlocking?.then(u => u.checking()),
    hide: () => unlocking?.then(u => u.hide()),
  };
  let filing;
  const files = (fn, ...a) => (filing ||= import('./files.js').then(m => m.createFiles({ roomId, roomEl, composer, msgs, seat: () => seat }))).then(f => f[fn]?.(...a));
  const msgs = createMessageList({
    roomId, copyLink,
    key: () => keys.msgKey,
    now: serverNow,
    seal,
    member: () => seat?.memberId,
    transmit: frame => socket?.send(frame),
    fetchAfter: after => api('GET', `${rp}/messages?after=${after}&limit=${HISTORY_PAGE}`, { token: seat.token }),
    onJump: () => composer.focus(),
    onSender: id => typing.stop(id),
    onSeq: (id, n) => { if (seat && id === seat.memberId && n > (seat.seq || 0)) { seat.seq = n; saveSeat(keys.store, seat); } },
    myName: () => name,
    onUnread: () => options.notify(),
    files,
  });
  const typing = createTyping(msgs.nameOf);
  const composer = createComposer({
    maxPlain: () => maxPlain,
    now: serverNow,
    onSend: text => msgs.post(text),
    onTyping: () => socket?.send({ type: 'typing' }),
    extra: options.el,
    files,
  });
  const foot = h('div', { class: 'foot' }, msgs.jump, typing.el, composer.el);
  const drag = e => e.dataTransfer.types.includes('Files') && !e.preventDefault();
  const roomEl = h('div', { class: 'room', hidden: true, ondragover: e => drag(e) && files(),
    ondrop: e => drag(e) && files('stage', [...e.dataTransfer.files]) }, header.el, unlockAt, msgs.log, foot, msgs.live);
  root.append(roomEl);
  document.title = 'Vanish · room';

  function locked(on) {
    msgs.log.hidden = on;
    foot.hidden = on;
    header.destroyable(!on);
  }

  function leave(reason, to = `/?gone=${reason}`) {
    if (dead) return;
    cleanup();
    forgetSeat(keys?.store);
    seat = keys = P = null;
    navigate(to, true); // replaces this entry: the key leaves the address bar and history
  }

  function cleanup() {
    if (dead) return;
    dead = true;
    shareLink(null);
    removeEventListener('pagehide', onPageHide);
    document.removeEventListener('keydown', onKey, true);
    socket?.close();
    timers.forEach(clearInterval);
    clearTimeout(zeroCheck);
    msgs.close();
    composer.close();
    options.close();
    filing?.then(f => f.close());
    document.title = 'Vanish';
  }

  // This server or page cannot go on (unsupported_version): say the server's sentence and stop trying.
  function halt(message) {
    stopped = true;
    socket?.close();
    locked(false);
    unlock.hide();
    msgs.setNotice(message || 'This server speaks another protocol version.');
    header.connection('offline');
    composer.online(false);
  }

  function failed(e) {
    if (dead || stopped) return;
    const why = reasonOf(e.status);
    if (e.code === 'unsupported_version') halt(e.message);
    else if (e.code === 'passphrase_required') ask({ attemptsLeft: e.attemptsLeft });
    else if (e.code === 'wrong_passphrase') {
      // The last wrong attempt destroyed the room (attemptsLeft 0): what everyone else now sees too.
      if (e.attemptsLeft === 0) leave('not-found');
      else ask({ attemptsLeft: e.attemptsLeft, wrong: true });
    } else if (why === 'not-found' || why === 'full') leave(why); // not-found: also a wrong key (the server does not tell which)
    else {
      msgs.setNotice(retrying(e));
      header.connection('offline');
      timers.push(setTimeout(start, 3000));
    }
  }

  function ask(opts) {
    P = null;
    keys = null;
    locked(true);
    header.safety(''); // the keys tried were not this room's: their code would only mislead
    header.connection('offline');
    unlock.show(opts);
  }

  async function tryPassphrase(passphrase) {
    unlock.checking();
    try {
      P = await stretch(passphrase, roomId);
      keys = null;
    } catch { P = null; }
    if (!dead) start();
  }

  async function linked() {
    if (link) return;
    const [l, cfg] = await Promise.all([linkKey(K), getConfig()]);
    link = l;
    maxPlain = maxPlainOf(cfg.maxBodyChars);
  }

  async function deriveKeys() {
    const k = await roomKeys(K, roomId, P);
    k.store = await seatStore(k.root); // where this room's seat is kept (encrypted) on this device
    return k;
  }

  async function join() {
    const { challenge } = await api('GET', `${rp}/challenge`);
    const body = { v: VERSION, challenge, signature: await seatSignature(link.privateKey, roomId, challenge) };
    if (keys.passphrase) body.passphraseSignature = await seatSignature(keys.passphrase.privateKey, roomId, challenge);
    const r = await api('POST', `${rp}/members`, { body });
    seat = { memberId: r.memberId, token: r.token, exp: r.expiresAt, seq: 0, name: name ||= nameForRoom(roomId) };
    saveSeat(keys.store, seat);
  }

  // Seals a message for the seat held now: its memberId, its next seq (kept with the seat), what we have seen.
  async function seal(text, seen, file) {
    await seated;
    const s = seat, k = keys;
    s.seq = (s.seq || 0) + 1;
    saveSeat(k.store, s);
    const json = plaintext({ memberId: s.memberId, seq: s.seq, name, text, sentAt: serverNow(), seen, file });
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { body: await encryptBody(k.msgKey, roomId, json, iv), memberId: s.memberId, plain: JSON.parse(json), iv: b64url(iv) };
  }

  const people = m => header.members(m || [], capacity);
  const retrying = e => (e.status ? `Something went wrong (${e.code}). Retrying…` : 'Cannot reach the server. Retrying…');

  function applyInfo(info) {
    msgs.me(info.you);
    capacity = info.capacity;
    expiresAt = info.expiresAt;
    const est = info.expiresAt - info.remainingSeconds * 1000 + 500 - Date.now();
    offset = Math.abs(est) > 1000 ? est : 0; // correct only real skew, not the second of rounding
    people(info.members);
    tick();
  }

  async function start() {
    if (dead || stopped) return;
    try {
      await linked();
      if (dead) return;
      if (!keys) keys = await deriveKeys();
      if (dead) return;
      // Only this link (and passphrase) finds and opens the seat kept here: another key's is another slot.
      if (!seat) seat = await loadSeat(keys.store);
      if (dead) return;
      let info = null;
      if (seat) {
        try { info = await api('GET', rp, { token: seat.token }); } catch (e) { if (reasonOf(e.status) !== 'unauthorized') throw e; seat = null; }
      }
      if (!seat) {
        await join();
        info = await api('GET', rp, { token: seat.token });
      }
      if (dead) return;
      // A seat keeps the name it was first given here (a seat of an older page had none: it gets one now).
      name ||= seat.name || nameForRoom(roomId);
      if (seat.name !== name) { seat.name = name; saveSeat(keys.store, seat); }
      composer.as(name);
      unlock.hide();
      locked(false);
      // Only now: the server took these keys' signatures, so this is the room's code (a passphrase room's keys
      // derived without, or with a wrong, passphrase give another code, which must never be shown).
      header.safety(keys.safetyCode);
      msgs.setNotice('');
      applyInfo(info);
      msgs.announceAfter(serverNow() - 1500);
      onSeated();
      connect();
    } catch (e) { failed(e); }
  }

  function connect() {
    socket?.close();
    socket = new RoomSocket(roomId, {
      hello: () => {
        const lastId = msgs.cursor(), hello = { type: 'hello', v: VERSION, token: seat.token };
        if (lastId != null) hello.after = String(lastId);
        return hello;
      },
      onFrame,
      onState: s => {
        header.connection(s);
        composer.online(s === 'connected');
      },
      onClose: async (code, reason) => {
        if (stopped) return 'stop';
        if (reason === 'unsupported_version') { halt(); return 'stop'; }
        const why = reasonOf(code);
        if (why === 'ended' || why === 'not-found') { leave(why === 'not-found' ? 'not-found' : reason === 'destroyed' ? 'destroyed' : 'expired'); return 'stop'; }
        if (why === 'unauthorized') {
          if (rejoined) { leave('not-found'); return 'stop'; }
          rejoined = true;
          try { await join(); return 'now'; } catch (e) {
            if (reasonOf(e.status) === 'transient') { rejoined = false; return 'retry'; }
            failed(e); return 'stop';
          }
        }
        return 'retry';
      },
    });
    socket.connect();
  }

  function onFrame(f) {
    if (dead || stopped) return;
    switch (f.type) {
      case 'welcome':
        rejoined = false;
        msgs.me(f.memberId);
        msgs.trimmedThrough(f.trimmedThrough);
        capacity = f.capacity;
        if (f.expiresAt) expiresAt = f.expiresAt;
        people(f.members);
        msgs.flush();
        break;
      case 'message': msgs.add(f); break;
      case 'ack': msgs.ack(f.ref, String(f.id), f.ts); break;
      case 'presence': people(f.members); break;
      case 'typing': typing.show(f.memberId); break;
      case 'destroyed': case 'expired': leave(f.type); break;
      case 'error': if (f.error === 'unsupported_version') halt(f.message); else msgs.reject(f); break;
    }
  }

  function tick() {
    if (!expiresAt || dead) return;
    const left = expiresAt - serverNow();
    if (screen) { screen.countdown(left); return; }
    header.countdown(left);
    if (left <= 0 && !zeroCheck) {
      // The server announces expiry itself; this is only a safety net if that frame never comes.
      zeroCheck = setTimeout(async () => {
        try { const info = await api('GET', rp, { token: seat.token }); applyInfo(info); zeroCheck = 0; } catch (e) { if (reasonOf(e.status) !== 'unauthorized') leave('expired'); else zeroCheck = 0; }
      }, 1500);
    }
  }

  // Resolves whether the room is gone; if not, the notice says why.
  async function destroy() {
    try { await api('DELETE', rp, { token: seat.token }); leave('destroyed'); return true; } catch (e) {
      if (reasonOf(e.status) === 'not-found') { leave('destroyed'); return true; }
      msgs.setNotice(`Could not destroy the room: ${e.message}`);
      return false;
    }
  }

  // ---- before the seat: the join screen (a recipient) or straight in (the creator, whose gesture was "create")
  function enter() {
    screen?.el.remove();
    screen = null;
    roomEl.hidden = false;
    composer.update();
    composer.focus();
    // The preview said a passphrase is needed: ask before any join, so no attempt is spent on a join without it.
    if (preview?.passphrase && !P) ask({ attemptsLeft: preview.attemptsLeft });
    else start();
  }

  // Read-only: the link's key signs a preview challenge (never a seat's), so this takes no seat and opens no socket.
  async function lookUp() {
    if (dead) return;
    if (document.prerendering) { document.addEventListener('prerenderingchange', lookUp, { once: true }); return; }
    try {
      await linked();
      const { challenge } = await api('GET', `${rp}/challenge`);
      const p = await api('POST', `${rp}/preview`, { body: { v: VERSION, challenge, signature: await previewSignature(link.privateKey, roomId, challenge) } });
      let held = false;
      if (!p.passphrase) {
        keys ||= await deriveKeys();
        seat = await loadSeat(keys.store);
        held = !!seat;
      }
      if (dead || !screen) return;
      preview = p;
      expiresAt = p.expiresAt;
      screen.show(p, held);
      tick();
    } catch (e) {
      if (dead || !screen) return;
      if (reasonOf(e.status) === 'not-found') leave('not-found');
      else if (e.code === 'unsupported_version') screen.failed(e.message);
      else {
        screen.failed(retrying(e));
        timers.push(setTimeout(lookUp, 3000));
      }
    }
  }

  // A seat that never sent (seq 0) is given back when the page goes away; one that sent keeps its grace.
  function onPageHide() {
    if (dead || !seat || (seat.seq || 0) > 0) return;
    release(seat);
    forgetSeat(keys?.store);
  }

  function release(s) {
    try {
      fetch(`/api/v1${rp}/members/me`, { method: 'DELETE', headers: { Authorization: `Bearer ${s.token}` },
        keepalive: true, credentials: 'omit', cache: 'no-store' }).catch(() => {});
    } catch { /* the page is going away anyway */ }
  }

  // The panic key: Esc three times within 1.5 s leaves the room, wipes its seat here, shows a blank lobby.
  let escapes = [];
  function onKey(e) {
    if (e.key !== 'Escape' || e.repeat) return;
    const now = Date.now();
    escapes = escapes.filter(t => now - t < 1500).concat(now);
    if (escapes.length < 3) return;
    if (seat) release(seat);
    leave(0, '/');
  }

  addEventListener('pagehide', onPageHide);
  document.addEventListener('keydown', onKey, true);
  every(tick, 250);
  every(typing.render, 1000);
  if (creator) enter();
  else {
    screen = createJoinScreen({ navigate, onJoin: () => { screen.busy(true); enter(); } });
    root.append(screen.el);
    document.title = 'Vanish · invitation';
    lookUp();
  }
  return cleanup;
}
