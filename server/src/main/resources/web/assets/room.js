// Room page ("/r/{roomId}#{K}"): reads K from the fragment, reuses or takes a seat, opens the socket and routes its
// frames, keeps the countdown, and leaves for the lobby banner on destroy, expiry or a vanished room, forgetting key
// and token. The view parts are header.js, messages.js, typing.js and composer.js.
import { h } from './dom.js';
import { api, roomPath, getConfig } from './api.js';
import { parseKey, deriveKeys, b64url, encryptBody } from './crypto.js';
import { loadSeat, saveSeat, forgetSeat } from './seats.js';
import { RoomSocket } from './socket.js';
import { FALLBACK_LIMITS, HISTORY_PAGE, maxPlain as maxPlainOf, reasonOf } from './protocol.js';
import { banner } from './banner.js';
import { createHeader, copyLink } from './header.js';
import { createMessageList } from './messages.js';
import { createTyping } from './typing.js';
import { createComposer } from './composer.js';

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
  let keys, hash, seat, socket, capacity = 0, expiresAt = 0, offset = 0;
  let members = [], maxPlain = maxPlainOf(FALLBACK_LIMITS.maxBodyChars), dead = false, rejoined = false, zeroCheck = 0;
  const timers = [];
  const every = (fn, ms) => timers.push(setInterval(fn, ms));
  const serverNow = () => Date.now() + offset;

  // ---- view
  const header = createHeader({ roomId, navigate, onDestroy: destroy });
  const msgs = createMessageList({
    roomId, copyLink,
    key: () => keys.msgKey,
    now: serverNow,
    transmit: frame => socket?.send(frame),
    fetchAfter: after => api('GET', `${rp}/messages?after=${after}&limit=${HISTORY_PAGE}`, { token: seat.token }),
    onJump: () => composer.focus(),
    onSender: id => typing.stop(id),
  });
  const typing = createTyping(msgs.nameOf);
  const composer = createComposer({
    maxPlain: () => maxPlain,
    now: serverNow,
    onSend: (text, plain) => msgs.post(text, () => encryptBody(keys.msgKey, roomId, plain)),
    onTyping: () => socket?.send({ type: 'typing' }),
  });
  root.append(h('div', { class: 'room' }, header.el, msgs.log, h('div', { class: 'foot' }, msgs.jump, typing.el, composer.el), msgs.live));
  document.title = 'Vanish · room';

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
    msgs.close();
    composer.close();
    document.title = 'Vanish';
  }

  function failed(e) {
    if (dead) return;
    const why = reasonOf(e.status);
    if (why === 'not-found' || why === 'full') leave(why); // not-found: also a wrong key (the server does not tell which)
    else {
      msgs.setNotice(e.status ? `Something went wrong (${e.code}). Retrying…` : 'Cannot reach the server. Retrying…');
      header.connection('offline');
      timers.push(setTimeout(start, 3000));
    }
  }

  async function join() {
    const r = await api('POST', `${rp}/members`, { body: { accessProof: b64url(keys.authKey) } });
    seat = { memberId: r.memberId, token: r.token, h: hash, exp: r.expiresAt };
    saveSeat(roomId, seat);
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
    if (dead) return;
    try {
      if (!keys) {
        const [k, cfg] = await Promise.all([deriveKeys(K), getConfig()]);
        keys = k;
        hash = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', k.authKey)));
        maxPlain = maxPlainOf(cfg.maxBodyChars);
      }
      if (dead) return;
      seat = loadSeat(roomId);
      if (seat && seat.h !== hash) seat = null; // a seat taken with another key is not ours to reuse
      let info = null;
      if (seat) {
        try { info = await api('GET', rp, { token: seat.token }); } catch (e) { if (reasonOf(e.status) !== 'unauthorized') throw e; seat = null; }
      }
      if (!seat) {
        await join();
        info = await api('GET', rp, { token: seat.token });
      }
      if (dead) return;
      msgs.setNotice('');
      applyInfo(info);
      msgs.announceAfter(serverNow() - 1500);
      connect();
    } catch (e) { failed(e); }
  }

  function connect() {
    socket?.close();
    socket = new RoomSocket(roomId, {
      hello: () => {
        const lastId = msgs.cursor();
        return lastId == null ? { type: 'hello', token: seat.token } : { type: 'hello', token: seat.token, after: String(lastId) };
      },
      onFrame,
      onState: s => {
        header.connection(s);
        composer.online(s === 'connected');
      },
      onClose: async (code, reason) => {
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
    if (dead) return;
    switch (f.type) {
      case 'welcome':
        rejoined = false;
        msgs.me(f.memberId);
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
      case 'error': msgs.reject(f); break;
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
