// What a room link opens on: seats taken, time left, passphrase needed, a seat held here, and Join. Nothing is taken
// and no socket opened before Join (room.js). Says once that opening a link records it in the browser's history.
import { h, store } from './dom.js';
import { clock } from './header.js';

const NOTED = 'vanish.history-noted';

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
