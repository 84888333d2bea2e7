// The QR hand-off: the room's link as a QR code in a modal dialog, so a person can open the room on a phone. The
// vendored encoder (qrcode-generator 2.0.4, assets/vendor/README.md) only computes the modules; they are painted
// on a canvas here, so no markup string is made and nothing is requested from anywhere. header.js imports this
// module when "QR" is pressed: a first visit downloads neither.
import { h } from './dom.js';
import qrcode from './vendor/qrcode-generator/qrcode.mjs';

const QUIET = 4; // the white border, in modules, that scanners need

export function showQr(link, opener) {
  const q = qrcode(0, 'M'); // the smallest version that holds the link, 15 % of it recoverable
  q.addData(link);
  q.make();
  const n = q.getModuleCount(), cells = n + 2 * QUIET;
  const px = Math.max(2, Math.floor(Math.min(320, innerWidth * 0.8) / cells)); // whole CSS pixels per module: crisp
  const scale = px * Math.ceil(devicePixelRatio || 1);
  const canvas = h('canvas', { class: 'qr-code', tid: 'qr-code', width: cells * scale, height: cells * scale, role: 'img', 'aria-label': 'QR code of the room link' });
  canvas.style.width = canvas.style.height = `${cells * px}px`;
  const c = canvas.getContext('2d');
  c.fillStyle = '#fff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  c.fillStyle = '#000';
  for (let r = 0; r < n; r++) for (let k = 0; k < n; k++) if (q.isDark(r, k)) c.fillRect((k + QUIET) * scale, (r + QUIET) * scale, scale, scale);

  const dlg = h('dialog', { class: 'qr', 'aria-label': 'The room link as a QR code',
    onclick: e => { if (e.target === dlg) dlg.close(); }, // a click on the backdrop
    onclose: () => { dlg.remove(); opener?.focus(); } },
  h('h2', { text: 'Open this room on another device' }),
  canvas,
  h('p', { class: 'dim', text: 'Scan it with the phone\'s camera. The code is the whole link, key included: anyone who sees or photographs it can join and read.' }),
  h('button', { type: 'button', class: 'primary', text: 'Close', onclick: () => dlg.close() }));
  // Inside the room's view: leaving the room (destroy, expiry) removes the code with it.
  (opener?.closest('.room') || document.body).append(dlg);
  dlg.showModal();
  return dlg;
}
