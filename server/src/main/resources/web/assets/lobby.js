// Lobby ("/"): the promise, the anonymous identity (fresh on each visit unless "remember my name"; handed to the
// room it creates, in memory), lifetime and capacity choices, an optional passphrase (behind
// "Protect with a passphrase": the passphrase and how many wrong attempts destroy the room, 3–10, default 5),
// "Create secure room", and the banner shown when a room sent the visitor back here
// (?gone=destroyed|expired|not-found|full|bad-link). Creating (protocol v2): K, the room id and the link's public key
// are made here; with a passphrase also P (PBKDF2, slow on purpose) and the passphrase key, and P is handed to the
// room page in memory so the creator is not asked again, and so is K: the creator's address bar shows /r/{roomId}
// only; the link to share, /r/{roomId}#{K}, is what "Copy link" copies.
import { h } from './dom.js';
import { api, getConfig } from './api.js';
import { randomKey, randomRoomId, linkKey, roomKeys, stretch } from './crypto.js';
import { keptName, setName, randomName, isReserved, cleanName, handName, MAX_NAME } from './names.js';
import { sweepSeats, handOver } from './seats.js';
import { VERSION } from './protocol.js';
import { BANNERS, banner } from './banner.js';

const ATTEMPTS = [3, 4, 5, 6, 7, 8, 9, 10], DEFAULT_ATTEMPTS = 5;

const STANDARD = [300, 600, 3600, 86400];
const SHORT = [1, 2, 5, 10, 30, 60, 120];

export function fmtDuration(s) {
  const [n, unit] = s < 60 ? [s, 'second'] : s < 3600 ? [s / 60, 'minute'] : [s / 3600, 'hour'];
  const r = Math.round(n * 10) / 10;
  return `${r} ${unit}${r === 1 ? '' : 's'}`;
}

function ttlChoices(c) {
  const inRange = s => s >= c.minTtlSeconds && s <= c.maxTtlSeconds;
  // Servers configured for very short rooms (tests, demos) also get a few short lifetimes.
  const set = new Set([...(c.minTtlSeconds < 60 ? [c.minTtlSeconds, ...SHORT] : []), ...STANDARD, c.defaultTtlSeconds]);
  return [...set].filter(inRange).sort((a, b) => a - b);
}

function fillSelect(sel, values, label, selected) {
  sel.replaceChildren(...values.map(v => h('option', { value: String(v), selected: v === selected, text: label(v) })));
}

export function renderLobby(root, navigate) {
  sweepSeats();
  const params = new URLSearchParams(location.search);
  const gone = params.get('gone');
  if (location.search) history.replaceState(null, '', '/');

  // A fresh name on every visit, unless one is remembered; "you" is refused (the page marks your own seat so).
  const HINT = 'A new name in every room, unless you tick "remember".';
  const nameHint = h('p', { class: 'hint dim', text: HINT });
  const nameOk = () => {
    const bad = isReserved(cleanName(nameIn.value));
    nameHint.textContent = bad ? '"you" marks your own seat in a room: choose another name.' : HINT;
    nameHint.classList.toggle('error', bad);
    return !bad;
  };
  const nameIn = h('input', { id: 'name', tid: 'name', type: 'text', maxlength: MAX_NAME, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', value: keptName() || randomName(),
    oninput: () => { if (nameOk() && remember.checked) setName(nameIn.value, true); },
    onblur: () => { if (nameOk()) nameIn.value = cleanName(nameIn.value) || randomName(); } });
  const remember = h('input', { id: 'remember', tid: 'remember-name', type: 'checkbox', checked: !!keptName(),
    onchange: () => setName(nameIn.value, remember.checked) });
  const ttl = h('select', { id: 'ttl', tid: 'ttl' });
  const cap = h('select', { id: 'capacity', tid: 'capacity' });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const pass = h('input', { id: 'passphrase', tid: 'passphrase', type: 'password', autocomplete: 'new-password', spellcheck: 'false', autocapitalize: 'off' });
  const attempts = h('select', { id: 'attempts', tid: 'attempts' });
  fillSelect(attempts, ATTEMPTS, n => `${n} wrong tries`, DEFAULT_ATTEMPTS);
  const protect = h('input', { id: 'protect', tid: 'protect', type: 'checkbox', onchange: () => {
    passBox.hidden = !protect.checked;
    if (protect.checked) pass.focus();
  } });
  const passBox = h('div', { class: 'passbox', hidden: true },
    h('div', { class: 'row two' },
      h('div', { class: 'field' }, h('label', { for: 'passphrase', text: 'Passphrase' }), pass),
      h('div', { class: 'field' }, h('label', { for: 'attempts', text: 'Destroy after' }), attempts)),
    h('p', { class: 'dim', text: 'Share it apart from the link, e.g. by voice. Without it the link can neither read nor take a seat; too many wrong tries destroy the room for everyone.' }));
  const create = h('button', { class: 'primary', type: 'submit', tid: 'create-room', text: 'Create secure room' });

  const fill = c => {
    fillSelect(ttl, ttlChoices(c), fmtDuration, c.defaultTtlSeconds);
    const caps = [];
    for (let n = c.minCapacity; n <= c.maxCapacity; n++) caps.push(n);
    fillSelect(cap, caps, n => `${n} people`, c.defaultCapacity);
  };

  async function onCreate(e) {
    e.preventDefault();
    create.disabled = true;
    create.textContent = 'Creating…';
    err.hidden = true;
    const name = setName(nameIn.value, remember.checked) || randomName();
    nameIn.value = name;
    nameOk();
    const passphrase = protect.checked ? pass.value : '';
    try {
      if (protect.checked && !passphrase) throw Object.assign(new Error('Enter a passphrase, or untick "Protect with a passphrase".'), { local: true });
      const k = randomKey();
      const { publicKey } = await linkKey(k);
      let r, roomId, P = null;
      // The room id is ours to pick: 16 random bytes collide only by a miracle, but a taken one just gets another.
      for (let tries = 0; !r; tries++) {
        roomId = randomRoomId();
        const body = { v: VERSION, roomId, publicKey, ttlSeconds: +ttl.value, capacity: +cap.value };
        if (passphrase) {
          create.textContent = 'Deriving keys…';
          P = await stretch(passphrase, roomId);
          body.passphraseKey = (await roomKeys(k, roomId, P)).passphrase.publicKey;
          body.attempts = +attempts.value;
          create.textContent = 'Creating…';
        }
        try { r = await api('POST', '/rooms', { body }); } catch (ex) { if (ex.code !== 'room_exists' || tries >= 2) throw ex; }
      }
      pass.value = '';
      // K and P go to the room page in memory: the creator's address bar, history and session never hold the key.
      handOver(roomId, { K: k, P });
      handName(roomId, name);
      navigate(`/r/${encodeURIComponent(roomId)}`);
    } catch (ex) {
      err.textContent = ex.local ? ex.message : ex.code === 'storage_full' ? 'The server is full right now and cannot open a new room. Try again in a few minutes.'
        : ex.status ? `Could not create the room: ${ex.message}` : 'Cannot reach the server. Check your connection and try again.';
      err.hidden = false;
      create.disabled = false;
      create.textContent = 'Create secure room';
    }
  }

  // Own keys only: ?gone=constructor (or any Object.prototype name) is no banner, not a broken page.
  const bannerEl = gone && Object.hasOwn(BANNERS, gone) ? banner(gone, () => bannerEl.remove()) : null;
  let dead = false;
  // The form appears once the server's limits are known (a few ms), so its choices never change under the user.
  getConfig().then(c => { if (!dead) { fill(c); root.append(view); } });
  const view = (h('div', { class: 'lobby' },
    h('header', { class: 'hero' },
      h('h1', {}, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
      h('p', { class: 'promise', text: 'Encrypted chat rooms that destroy themselves. No accounts, no logs, nothing left behind.' })),
    bannerEl,
    h('form', { class: 'card', onsubmit: onCreate },
      h('div', { class: 'field' },
        h('label', { for: 'name', text: 'Your anonymous name' }),
        h('div', { class: 'row' }, nameIn,
          h('button', { type: 'button', class: 'ghost', 'aria-label': 'New random name', title: 'New random name', text: '↻ new',
            onclick: () => { nameIn.value = randomName(); if (remember.checked) setName(nameIn.value, true); nameOk(); nameIn.focus(); } })),
        h('div', { class: 'row hintrow' }, nameHint, h('label', { class: 'check', for: 'remember' }, remember, h('span', { text: 'remember my name' })))),
      h('div', { class: 'row two' },
        h('div', { class: 'field' }, h('label', { for: 'ttl', text: 'Lifetime' }), ttl),
        h('div', { class: 'field' }, h('label', { for: 'capacity', text: 'Seats' }), cap)),
      h('label', { class: 'check', for: 'protect' }, protect, h('span', { text: 'Protect with a passphrase' })),
      passBox,
      create, err),
    h('ol', { class: 'how' },
      h('li', {}, h('b', { text: 'Key stays with you. ' }), 'The room key is made in your browser and lives only in the link after the #, which never reaches the server.'),
      h('li', {}, h('b', { text: 'Share the link. ' }), 'Anyone with the full link can take a free seat, until the room is full.'),
      h('li', {}, h('b', { text: 'Then it vanishes. ' }), 'When the timer ends, or anyone presses destroy, the room and every message are deleted for good.'))));
  return () => { dead = true; };
}
