// A room's composer: a growing textarea (Enter sends, Shift+Enter breaks the line), attach and voice-record buttons
// (what they take, and a pasted file, go to files.js through files()), a counter near the size limit, typing notices
// at most every 3 s; below, "as NAME" (as(name)) and the room's options (extra). plaintext({memberId, seq, name, text,
// sentAt, seen?, file?}) is the JSON to seal (protocol v2 §4) that messages.js reads back.
import { h } from './dom.js';
import { MAX_NAME } from './names.js';

const te = new TextEncoder();
export const plaintext = ({ memberId, seq, name, text, sentAt, seen, file }) =>
  JSON.stringify({ v: 2, memberId, seq, name, text, sentAt, seen, file });
// The largest fields a message can carry besides its text and name: a long member id, a large seq, an 18-digit seen id.
const sized = (text, name, sentAt) => plaintext({ memberId: 'm'.repeat(32), seq: 1e9, name, text, sentAt, seen: '9'.repeat(18) });

export function createComposer({ maxPlain, now, onSend, onTyping, extra, files }) {
  // Until the seat's name is known, sized as the longest name can be (MAX_NAME characters of 4 UTF-8 bytes).
  let lastTypingSent = 0, closed = false, me = '\u{1F98A}'.repeat(MAX_NAME);
  const input = h('textarea', { id: 'message', tid: 'message-input', rows: '1', placeholder: 'Message', autocomplete: 'off', enterkeyhint: 'send',
    oninput: update, onpaste: e => stage([...e.clipboardData.files]) && e.preventDefault(), onkeydown: e => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    } });
  const stage = l => l[0] && files('stage', l);
  const pick = h('input', { type: 'file', multiple: true, tid: 'attach-input', hidden: true, onchange: () => { stage([...pick.files]); pick.value = ''; } });
  const tool = (tid, text, label, onclick) => h('button', { type: 'button', class: 'ghost tool', tid, text, 'aria-label': label, onclick });
  const send = h('button', { type: 'submit', class: 'primary send', tid: 'send', disabled: true, text: 'Send' });
  const counter = h('span', { class: 'counter', hidden: true, 'aria-live': 'polite' });
  const who = h('span', { class: 'who', text: 'end-to-end encrypted' });
  const el = h('form', { class: 'composer', onsubmit: e => { e.preventDefault(); submit(); } },
    h('label', { for: 'message', class: 'sr-only', text: 'Message' }),
    h('div', { class: 'inner' }, h('div', { class: 'row' }, input, pick, tool('attach', '+', 'Attach a file', () => pick.click()),
      tool('voice-record', '●', 'Record a voice message', () => files('record')), send), h('div', { class: 'meta' }, who, counter, extra)));

  function submit() {
    const text = input.value;
    if (!text.trim() || send.disabled || closed) return;
    if (te.encode(sized(text, me, now())).length > maxPlain()) return;
    input.value = '';
    lastTypingSent = 0; // the others' indicator ended with this message; the next keystroke announces again
    update();
    input.focus();
    onSend(text);
  }

  function update() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
    const text = input.value, max = maxPlain();
    // Exact size of the plaintext JSON, computed only when the text could be near the limit.
    const used = text.length * 6 + 200 < max * 0.9 ? 0 : te.encode(sized(text, me, 1e12)).length;
    const left = max - used;
    counter.hidden = left > max * 0.1;
    counter.textContent = left >= 0 ? `${left} left` : `${-left} over the limit`;
    counter.classList.toggle('over', left < 0);
    send.disabled = !text.trim() || left < 0;
    if (text.trim() && Date.now() - lastTypingSent > 3000 && onTyping()) lastTypingSent = Date.now();
  }

  return {
    el, update,
    as: name => { me = name; who.textContent = `as ${name} · end-to-end encrypted`; },
    focus: () => input.focus(),
    online: on => el.classList.toggle('off', !on), // offline sends still queue as pending
    close: () => { closed = true; },
  };
}
