// The screen a room link opens on (issue 16: join on a gesture): what the room is — seats taken of capacity, time
// left, whether a passphrase is needed, whether this browser still holds a seat there — and a Join button. Nothing
// is taken and no socket is opened until the button is pressed: a link scanner, a prerendered or hidden page that
// runs the script only reads the preview (room.js). Once per browser it says that opening a link records it in the
// browser's history unless a private window is used.
//
// createJoinScreen({ navigate, onJoin() }) -> { el, show({capacity, members, passphrase, attemptsLeft?}, held),
//                                              countdown(ms), busy(on), failed(text) }
import { h, store } from './dom.js';

const NOTED = 'vanish.history-noted';
const pad = n => String(n).padStart(2, '0');
function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000)), hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60;
  return hh ? `${hh}:${pad(mm)}:${pad(s % 60)}` : `${pad(mm)}:${pad(s % 60)}`;
}

export function createJoinScreen({ navigate, onJoin }) {
  const seats = h('span', { tid: 'preview-seats', text: '…' });
  const left = h('span', { class: 'countdown', tid: 'preview-countdown', text: '--:--' });
  const lock = h('li', { tid: 'preview-passphrase', hidden: true });
  const heldNote = h('li', { tid: 'preview-held', hidden: true, text: 'This browser still holds a seat here.' });
  const status = h('p', { class: 'status', tid: 'join-status', role: 'status', 'aria-live': 'polite', text: 'Looking up the room…' });
  const button = h('button', { type: 'button', class: 'primary', tid: 'join-room', text: 'Join room', disabled: true,
    onclick: () => { if (!button.disabled) onJoin(); } });
  let note = null;
  if (!store.get('localStorage', NOTED)) {
    store.set('localStorage', NOTED, '1'); // a flag only: nothing about any room
    note = h('p', { class: 'dim note', tid: 'history-note',
      text: 'Opening a link records it in this browser\'s history. Use a private window to leave no trace on this device.' });
  }
  const el = h('section', { class: 'screen join', tid: 'join-screen' },
    h('a', { class: 'brand', href: '/', onclick: e => { e.preventDefault(); navigate('/'); } }, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
    h('div', { class: 'card' },
      h('h1', { text: 'You were invited to a private room' }),
      h('ul', { class: 'facts' },
        h('li', {}, seats),
        h('li', {}, 'self-destructs in ', left),
        lock, heldNote),
      button, status,
      h('p', { class: 'dim', text: 'Nothing is taken until you press Join: then you get a seat and the messages are decrypted here.' })),
    note);

  return {
    el,
    show(p, held) {
      seats.textContent = `${p.members} of ${p.capacity} seats taken`;
      lock.hidden = !p.passphrase;
      lock.textContent = p.passphrase ? `passphrase needed (${p.attemptsLeft} wrong tries destroy the room)` : '';
      heldNote.hidden = !held;
      const full = !held && p.members >= p.capacity;
      button.textContent = held ? 'Rejoin room' : 'Join room';
      button.disabled = false;
      status.className = `status${full ? ' error' : ''}`;
      status.textContent = full ? 'Every seat is taken right now; one may free up soon.' : '';
      button.focus();
    },
    countdown(ms) {
      left.textContent = clock(ms);
      left.classList.toggle('urgent', ms < 60000);
    },
    busy(on) {
      button.disabled = on;
      if (on) { status.className = 'status'; status.textContent = 'Joining…'; }
    },
    failed(text) {
      button.disabled = false;
      status.className = 'status error';
      status.textContent = text;
    },
  };
}
