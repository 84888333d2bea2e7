// Lobby ("/"): the promise, the anonymous identity, lifetime and capacity choices, "Create secure room", and the
// banner shown when a room sent the visitor back here (?gone=destroyed|expired|not-found|full|bad-link).
import { h } from './dom.js';
import { api, getConfig } from './api.js';
import { randomKey, accessHash, b64url } from './crypto.js';
import { getName, setName, randomName, MAX_NAME } from './names.js';
import { sweepSeats } from './seats.js';
import { BANNERS, banner } from './banner.js';

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

  const nameIn = h('input', { id: 'name', tid: 'name', type: 'text', maxlength: MAX_NAME, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', value: getName(),
    oninput: () => setName(nameIn.value),
    onblur: () => { nameIn.value = setName(nameIn.value) || setName(randomName()); } });
  const ttl = h('select', { id: 'ttl', tid: 'ttl' });
  const cap = h('select', { id: 'capacity', tid: 'capacity' });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
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
    setName(nameIn.value);
    try {
      const k = randomKey();
      const r = await api('POST', '/rooms', { body: { accessHash: await accessHash(k), ttlSeconds: +ttl.value, capacity: +cap.value } });
      navigate(`/r/${encodeURIComponent(r.roomId)}#${b64url(k)}`);
    } catch (ex) {
      err.textContent = ex.code === 'storage_full' ? 'The server is full right now and cannot open a new room. Try again in a few minutes.'
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
            onclick: () => { nameIn.value = setName(randomName()); nameIn.focus(); } }))),
      h('div', { class: 'row two' },
        h('div', { class: 'field' }, h('label', { for: 'ttl', text: 'Lifetime' }), ttl),
        h('div', { class: 'field' }, h('label', { for: 'capacity', text: 'Seats' }), cap)),
      create, err),
    h('ol', { class: 'how' },
      h('li', {}, h('b', { text: 'Key stays with you. ' }), 'The room key is made in your browser and lives only in the link after the #, which never reaches the server.'),
      h('li', {}, h('b', { text: 'Share the link. ' }), 'Anyone with the full link can take a free seat, until the room is full.'),
      h('li', {}, h('b', { text: 'Then it vanishes. ' }), 'When the timer ends, or anyone presses destroy, the room and every message are deleted for good.'))));
  return () => { dead = true; };
}
