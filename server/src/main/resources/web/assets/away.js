// What the room's options do (options.js makes their buttons and loads this once one is on or pressed). The page is
// "away" while it is hidden or its window does not have the focus.
// - notify (off → on → on with sound → off): a message from someone else while away shows "New message in your
//   Vanish room" through the Notification API (no name, no text; one tag, so a new one replaces the last), and with
//   sound a short tone made by WebAudio (no file). Nothing leaves the browser.
// - shield: the messages and the draft are blurred while away.
import { store } from './dom.js';

const LABEL = { off: 'notify: off', on: 'notify: on', sound: 'notify: sound' };
const TEXT = 'New message in your Vanish room';

export function createAway(notifyBtn, shieldBtn, room) {
  let mode = LABEL[store.get('localStorage', 'vanish.notify')] ? store.get('localStorage', 'vanish.notify') : 'off';
  let shield = store.get('localStorage', 'vanish.shield') === 'on';
  let audio = null;
  const N = globalThis.Notification;
  const away = () => document.hidden || !document.hasFocus();
  const granted = () => N?.permission === 'granted';

  // WebAudio may only start on a gesture (the server's Permissions-Policy turns autoplay off): the first one.
  const wake = () => { if (mode === 'sound') try { (audio ||= new AudioContext()).resume(); } catch { /* no WebAudio */ } };

  async function cycle() {
    let next = mode === 'off' ? 'on' : mode === 'on' ? 'sound' : 'off';
    if (next !== 'off' && !granted()) {
      next = 'off';
      if (N && (await N.requestPermission()) === 'granted') next = 'on';
      else notifyBtn.title = N ? 'Notifications are blocked for this site in the browser settings' : 'This browser cannot show notifications';
    }
    mode = next;
    store.set('localStorage', 'vanish.notify', mode);
    wake();
    render();
  }

  function tone() {
    try {
      audio ||= new AudioContext();
      const o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.08, t);
      g.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
      o.connect(g).connect(audio.destination);
      o.start(t);
      o.stop(t + 0.25);
    } catch { /* no WebAudio */ }
  }

  function render() {
    const m = granted() ? mode : 'off';
    notifyBtn.textContent = LABEL[m];
    notifyBtn.setAttribute('aria-pressed', String(m !== 'off'));
    shieldBtn.textContent = shield ? 'shield: on' : 'shield: off';
    shieldBtn.setAttribute('aria-pressed', String(shield));
    room.classList.toggle('shielded', shield && away());
  }

  const events = [[document, 'visibilitychange'], [globalThis, 'blur'], [globalThis, 'focus']];
  events.forEach(([t, e]) => t.addEventListener(e, render));
  document.addEventListener('pointerdown', wake);
  document.addEventListener('keydown', wake);
  render();

  return {
    press(which) {
      if (which === 'notify') return cycle();
      shield = !shield;
      store.set('localStorage', 'vanish.shield', shield ? 'on' : 'off');
      render();
    },
    notify() {
      if (mode === 'off' || !away()) return;
      if (granted()) {
        try {
          const n = new N(TEXT, { tag: 'vanish-room', silent: true });
          n.onclick = () => { focus(); n.close(); };
        } catch { /* a browser that notifies only from a service worker */ }
      }
      if (mode === 'sound') tone();
    },
    close() {
      events.forEach(([t, e]) => t.removeEventListener(e, render));
      document.removeEventListener('pointerdown', wake);
      document.removeEventListener('keydown', wake);
      room.classList.remove('shielded');
      audio?.close().catch(() => {});
    },
  };
}
