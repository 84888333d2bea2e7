// Room page ("/r/{roomId}#{K}"): reads K from the fragment, reuses or takes a seat (protocol v2: signs a fresh server
// challenge with the link's key, and with the passphrase's when the room has one — asked for by unlock.js), opens
// the socket and routes its frames, seals messages with this seat's memberId and next seq, keeps the countdown and
// the safety code, and leaves for the lobby banner on destroy, expiry or a vanished room, forgetting key and token.
// The view parts are header.js, unlock.js, messages.js, typing.js, composer.js and options.js. The seat's name is
// made for this room (names.js) and kept with the seat.
import { h } from './dom.js';
import { api, roomPath, getConfig } from './api.js';
import { parseKey, linkKey, roomKeys, stretch, seatSignature, b64url, encryptBody } from './crypto.js';
import { loadSeat, saveSeat, forgetSeat, takeOver } from './seats.js';
import { RoomSocket } from './socket.js';
import { FALLBACK_LIMITS, HISTORY_PAGE, VERSION, maxPlain as maxPlainOf, reasonOf } from './protocol.js';
import { banner } from './banner.js';
import { createHeader, copyLink } from './header.js';
import { createUnlock } from './unlock.js';
import { createMessageList } from './messages.js';
import { createTyping } from './typing.js';
import { createComposer, plaintext } from './composer.js';
import { createOptions } from './options.js';
import { nameForRoom } from './names.js';

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
  // link: the link's signing key; keys: roomKeys(K, roomId, P) plus h, a hash of its root (what a seat records).
  let link, keys, seat, socket, capacity = 0, expiresAt = 0, offset = 0, P = takeOver(roomId) || null;
  let name = null, members = [], maxPlain = maxPlainOf(FALLBACK_LIMITS.maxBodyChars), dead = false, stopped = false, rejoined = false, zeroCheck = 0;
  let onSeated;
  const seated = new Promise(r => { onSeated = r; });
  const timers = [];
  const every = (fn, ms) => timers.push(setInterval(fn, ms));
  const serverNow = () => Date.now() + offset;

  // ---- view
  const options = createOptions(root);
  const header = createHeader({ roomId, navigate, onDestroy: destroy });
  const unlock = createUnlock({ onSubmit: tryPassphrase });
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
    onSeq: (id, n) => { if (seat && id === seat.memberId && n > (seat.seq || 0)) { seat.seq = n; saveSeat(roomId, seat); } },
    myName: () => name,
    onUnread: () => options.notify(),
  });
  const typing = createTyping(msgs.nameOf);
  const composer = createComposer({
    maxPlain: () => maxPlain,
    now: serverNow,
    onSend: text => msgs.post(text),
    onTyping: () => socket?.send({ type: 'typing' }),
    extra: options.el,
  });
  const foot = h('div', { class: 'foot' }, msgs.jump, typing.el, composer.el);
  root.append(h('div', { class: 'room' }, header.el, unlock.el, msgs.log, foot, msgs.live));
  document.title = 'Vanish · room';

  function locked(on) {
    msgs.log.hidden = on;
    foot.hidden = on;
    header.destroyable(!on);
  }

  function leave(reason) {
    if (dead) return;
    cleanup();
    forgetSeat(roomId);
    keys = null;
    P = null;
    navigate(`/?gone=${reason}`, true); // replaces this entry: the key leaves the address bar and history
  }

  function cleanup() {
    if (dead) return;
    dead = true;
    socket?.close();
    timers.forEach(clearInterval);
    clearTimeout(zeroCheck);
    msgs.close();
    composer.close();
    options.close();
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
      msgs.setNotice(e.status ? `Something went wrong (${e.code}). Retrying…` : 'Cannot reach the server. Retrying…');
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

  async function deriveKeys() {
    const k = await roomKeys(K, roomId, P);
    k.h = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', k.root))).slice(0, 22);
    return k;
  }

  async function join() {
    const { challenge } = await api('GET', `${rp}/challenge`);
    const body = { v: VERSION, challenge, signature: await seatSignature(link.privateKey, roomId, challenge) };
    if (keys.passphrase) body.passphraseSignature = await seatSignature(keys.passphrase.privateKey, roomId, challenge);
    const r = await api('POST', `${rp}/members`, { body });
    seat = { memberId: r.memberId, token: r.token, exp: r.expiresAt, pk: link.publicKey, h: keys.h, pp: !!keys.passphrase, seq: 0, name: name ||= nameForRoom(roomId) };
    saveSeat(roomId, seat);
  }

  // Seals a message for the seat held now: its memberId, its next seq (kept with the seat), what we have seen.
  async function seal(text, seen) {
    await seated;
    const s = seat, k = keys;
    s.seq = (s.seq || 0) + 1;
    saveSeat(roomId, s);
    const json = plaintext({ memberId: s.memberId, seq: s.seq, name, text, sentAt: serverNow(), seen });
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { body: await encryptBody(k.msgKey, roomId, json, iv), memberId: s.memberId, plain: JSON.parse(json), iv: b64url(iv) };
  }

  function applyInfo(info) {
    msgs.me(info.you);
    capacity = info.capacity;
    expiresAt = info.expiresAt;
    const est = info.expiresAt - info.remainingSeconds * 1000 + 500 - Date.now();
    offset = Math.abs(est) > 1000 ? est : 0; // correct only real skew, not the second of rounding
    members = info.members || [];
    header.members(members, capacity);
    tick();
  }

  async function start() {
    if (dead || stopped) return;
    try {
      if (!link) {
        const [l, cfg] = await Promise.all([linkKey(K), getConfig()]);
        link = l;
        maxPlain = maxPlainOf(cfg.maxBodyChars);
      }
      if (dead) return;
      seat = loadSeat(roomId);
      if (seat && seat.pk !== link.publicKey) seat = null; // a seat taken with another key is not ours to reuse
      // A seat of a passphrase room, reloaded: the passphrase is not stored, so ask again (no attempt is spent).
      if (seat?.pp && !P) { ask({ reseat: true }); return; }
      if (!keys) keys = await deriveKeys();
      if (dead) return;
      if (seat && seat.h !== keys.h) {
        if (seat.pp) { ask({ reseat: true, wrong: true }); return; }
        seat = null;
      }
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
      if (seat.name !== name) { seat.name = name; saveSeat(roomId, seat); }
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
        members = f.members || [];
        header.members(members, capacity);
        msgs.flush();
        break;
      case 'message': msgs.add(f); break;
      case 'ack': msgs.ack(f.ref, String(f.id), f.ts); break;
      case 'presence': members = f.members || []; header.members(members, capacity); break;
      case 'typing': typing.show(f.memberId); break;
      case 'destroyed': case 'expired': leave(f.type); break;
      case 'error': if (f.error === 'unsupported_version') halt(f.message); else msgs.reject(f); break;
    }
  }

  function tick() {
    if (!expiresAt || dead) return;
    const left = expiresAt - serverNow();
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

  every(tick, 250);
  every(typing.render, 1000);
  composer.update();
  composer.focus();
  start();
  return cleanup;
}
