// "X is typing…" above the composer: who sent a typing notice in the last 4 s, named by their last message.
// aria-hidden: announcing it would drown out the messages.
import { h } from './dom.js';

// render() is also called every second, so notices expire on their own.
export function createTyping(nameOf) {
  const typers = new Map(); // memberId -> until (ms)
  const el = h('div', { class: 'typing', 'aria-hidden': 'true' });

  function render() {
    const now = Date.now();
    for (const [k, t] of typers) if (t < now) typers.delete(k);
    const who = [...typers.keys()].map(k => nameOf(k) || 'someone');
    el.textContent = who.length === 0 ? '' : who.length === 1 ? `${who[0]} is typing…` : `${who.slice(0, 2).join(', ')}${who.length > 2 ? ' and others' : ''} are typing…`;
  }

  return {
    el, render,
    show(memberId) { typers.set(memberId, Date.now() + 4000); render(); },
    stop(memberId) { typers.delete(memberId); render(); },
  };
}
