// The passphrase prompt of a passphrase room (protocol v2 §2): shown in place of the messages when the server answers
// passphrase_required or wrong_passphrase, or when a reloaded page holds a seat of a passphrase room (the passphrase
// is never stored). It says how many attempts remain before the room is destroyed for everyone, and shows a visible
// "checking…" while the passphrase is stretched (PBKDF2, 600,000 rounds) and tried.
//
// createUnlock({ onSubmit(passphrase) }) -> { el, show({attemptsLeft?, wrong?}), checking(), hide() }
import { h } from './dom.js';

const left = n => `${n} attempt${n === 1 ? '' : 's'} left`;

export function createUnlock({ onSubmit }) {
  const input = h('input', { id: 'passphrase', tid: 'passphrase-input', type: 'password', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', required: true });
  const button = h('button', { type: 'submit', class: 'primary', tid: 'unlock', text: 'Unlock' });
  const status = h('p', { class: 'status', tid: 'unlock-status', role: 'status', 'aria-live': 'polite' });
  const attempts = h('p', { class: 'dim', tid: 'attempts-left' });
  const form = h('form', { class: 'card unlock', onsubmit: e => {
    e.preventDefault();
    if (!input.value || button.disabled) return;
    const p = input.value;
    input.value = '';
    onSubmit(p);
  } },
    h('h1', { text: 'This room is protected by a passphrase' }),
    h('p', { class: 'dim', text: 'The link alone cannot open it. Ask the person who shared it for the passphrase — by voice, not in the same message as the link.' }),
    h('div', { class: 'field' }, h('label', { for: 'passphrase', text: 'Passphrase' }), input),
    attempts, button, status);
  const el = h('section', { class: 'locked', hidden: true, tid: 'passphrase-prompt' }, form);

  function busy(on) {
    input.disabled = on;
    button.disabled = on;
    button.textContent = on ? 'Checking…' : 'Unlock';
  }

  return {
    el,
    show({ attemptsLeft, wrong = false } = {}) {
      el.hidden = false;
      busy(false);
      status.className = `status${wrong ? ' error' : ''}`;
      status.textContent = wrong ? `Wrong passphrase: ${left(attemptsLeft)}.` : '';
      attempts.textContent = Number.isInteger(attemptsLeft) ? `${left(attemptsLeft)}. After that the room is destroyed for everyone.` : '';
      el.dataset.attemptsLeft = Number.isInteger(attemptsLeft) ? String(attemptsLeft) : '';
      input.focus();
    },
    checking() {
      busy(true);
      status.className = 'status';
      status.textContent = 'checking…';
    },
    hide() {
      el.hidden = true;
      busy(false);
      status.textContent = '';
    },
  };
}
