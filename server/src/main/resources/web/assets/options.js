// A room's two options below the composer, off until chosen, then kept on this device (localStorage "vanish.notify"
// = on | sound, "vanish.shield" = on: preferences, nothing of any room): notify-toggle and shield-toggle. What they
// do is away.js, loaded only once one is on or pressed (a first visit does not download it).
import { h, store } from './dom.js';

export function createOptions(root) {
  let away = null, dead = false;
  const notifyOn = ['on', 'sound'].includes(store.get('localStorage', 'vanish.notify'));
  const shieldOn = store.get('localStorage', 'vanish.shield') === 'on';
  const load = pressed => (away ||= import('./away.js').then(m => m.createAway(notifyBtn, shieldBtn, root)))
    .then(a => { if (dead) a.close(); else if (pressed) a.press(pressed); });
  const notifyBtn = h('button', { type: 'button', class: 'opt', tid: 'notify-toggle', 'aria-pressed': 'false', text: 'notify: off', onclick: () => load('notify') });
  const shieldBtn = h('button', { type: 'button', class: 'opt', tid: 'shield-toggle', 'aria-pressed': 'false', text: 'shield: off', onclick: () => load('shield'),
    title: 'Blur the messages while this window is in the background' });
  if (notifyOn || shieldOn) load();
  return {
    el: h('span', { class: 'opts' }, notifyBtn, shieldBtn),
    notify: () => away?.then(a => a.notify()), // a message from someone else arrived while away
    close: () => { dead = true; away?.then(a => a.close()); },
  };
}
