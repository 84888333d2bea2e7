// A room's top bar: brand, room id, countdown, the safety code (a pill that opens a selectable panel: two people
// compare it by voice, a link with another key gives another code), seats online, connection state, "Copy link",
// "QR" (qr.js, imported only when pressed: the link as a QR code) and "Destroy now" with its confirmation. It shows what room.js tells it; copyLink is exported for the empty
// message list too.
import { h } from './dom.js';

const pad = n => String(n).padStart(2, '0');
const isCoarse = () => matchMedia('(pointer: coarse)').matches;
const CONN_LABELS = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', offline: 'offline' };

export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
  return hh ? `${hh}:${pad(mm)}:${pad(ss)}` : `${pad(mm)}:${pad(ss)}`;
}

// The room's full link, held in memory by room.js: the address bar shows only /r/{roomId} (the key stays out of the
// browser's history), so "Copy link" cannot read it from there.
let shareUrl = null;
export const shareLink = url => { shareUrl = url; };

// Click handler: the share sheet on touch devices, else the clipboard, else execCommand where clipboard is refused.
export async function copyLink(e) {
  const btn = e.currentTarget, label = (btn.dataset.label ||= btn.textContent);
  const url = shareUrl ?? location.href;
  if (navigator.share && isCoarse()) {
    try { await navigator.share({ title: 'Vanish room', url }); return; } catch (e) { if (e.name === 'AbortError') return; }
  }
  let ok = false;
  try { await navigator.clipboard.writeText(url); ok = true; } catch {
    const t = h('textarea', { readonly: true, class: 'offscreen' });
    t.value = url;
    document.body.append(t);
    t.select();
    try { ok = document.execCommand('copy'); } catch { /* unsupported */ }
    t.remove();
  }
  btn.textContent = ok ? 'Copied!' : 'Copy failed';
  btn.classList.toggle('ok', ok);
  setTimeout(() => { btn.textContent = label; btn.classList.remove('ok'); }, 1600);
}

// onDestroy() resolves false if the room could not be destroyed: the confirm button is usable again.
export function createHeader({ roomId, navigate, onDestroy }) {
  const countdown = h('span', { class: 'countdown', tid: 'countdown', text: '--:--' });
  const membersEl = h('span', { class: 'pill', tid: 'members', text: '–' });
  const conn = h('span', { class: 'conn', tid: 'connection', 'data-state': 'connecting', role: 'status' }, h('span', { class: 'label', text: 'connecting…' }));
  const copyBtn = h('button', { type: 'button', class: 'ghost', tid: 'copy-link', text: 'Copy link', onclick: copyLink });
  const qrBtn = h('button', { type: 'button', class: 'ghost', tid: 'qr-button', text: 'QR', title: 'Show the link as a QR code', 'aria-haspopup': 'dialog',
    onclick: () => import('./qr.js').then(m => m.showQr(shareUrl ?? location.href, qrBtn)) });
  const destroyBtn = h('button', { type: 'button', class: 'danger', tid: 'destroy', text: 'Destroy now', 'aria-expanded': 'false', onclick: () => confirmBox(true) });
  const confirmYes = h('button', { type: 'button', class: 'danger solid', tid: 'destroy-confirm', text: 'Yes, destroy everything', onclick: destroy });
  const confirm = h('div', { class: 'confirm', hidden: true, role: 'alertdialog', 'aria-label': 'Confirm destroy',
    onkeydown: e => { if (e.key === 'Escape') confirmBox(false); } },
    h('p', {}, h('b', { text: 'Destroy this room for everyone? ' }), 'Every message is deleted at once and the link stops working.'),
    h('div', { class: 'actions' }, confirmYes, h('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: () => confirmBox(false) })));

  const safetyCode = h('code', { class: 'code', tid: 'safety-code' });
  const safetyBtn = h('button', { type: 'button', class: 'pill safety', tid: 'safety', hidden: true, 'aria-expanded': 'false',
    title: 'Compare this code with the others in the room', 'aria-label': 'safety code', onclick: () => safetyBox(safety.hidden) },
    'safety', h('span', { class: 'wide', text: ' code' }));
  const safety = h('div', { class: 'safety-panel', hidden: true, role: 'region', 'aria-label': 'Safety code' },
    h('span', { class: 'lbl', text: 'Safety code' }), safetyCode,
    h('p', { class: 'dim', text: 'Read it to each other by voice. The same code means the same link (and passphrase); a different one means a different key.' }));

  const el = h('header', { class: 'bar' },
    h('div', { class: 'inner' },
      h('div', { class: 'grp' },
        h('a', { class: 'brand', href: '/', title: 'Back to the lobby', onclick: e => { e.preventDefault(); navigate('/'); } }, 'vanish', h('span', { class: 'logo', 'aria-hidden': 'true', text: '▌' })),
        h('span', { class: 'rid', title: `Room ${roomId}`, text: `#${roomId.slice(0, 6)}` }),
        safetyBtn,
        h('span', { class: 'timer' }, h('span', { class: 'lbl', text: 'self-destructs in ' }), countdown)),
      h('div', { class: 'grp' }, membersEl, conn, h('span', { class: 'spacer' }), copyBtn, qrBtn, destroyBtn)),
    safety, confirm);

  function safetyBox(open) {
    safety.hidden = !open;
    safetyBtn.setAttribute('aria-expanded', String(open));
  }

  // Focus follows the dialog: into it on open, back to its opener on close.
  function confirmBox(open) {
    confirm.hidden = !open;
    destroyBtn.setAttribute('aria-expanded', String(open));
    (open ? confirmYes : destroyBtn).focus();
  }

  async function destroy() {
    confirmYes.disabled = true;
    confirmYes.textContent = 'Destroying…';
    if (!(await onDestroy())) { confirmYes.disabled = false; confirmYes.textContent = 'Yes, destroy everything'; }
  }

  return {
    el,
    countdown(left) {
      countdown.textContent = clock(left);
      countdown.classList.toggle('urgent', left < 60000);
    },
    members(list, capacity) {
      const online = list.filter(m => m.online).length;
      membersEl.textContent = `${online}/${capacity} online`;
      membersEl.title = `${list.length} of ${capacity} seats taken`;
    },
    safety(code) {
      safetyCode.textContent = code;
      safetyBtn.hidden = !code;
      if (!code) safetyBox(false);
    },
    // A page at the passphrase prompt has no seat to destroy the room with: no button that would do nothing.
    destroyable(on) {
      destroyBtn.hidden = !on;
      if (!on && !confirm.hidden) confirmBox(false);
    },
    connection(state) {
      conn.dataset.state = state;
      conn.firstChild.textContent = CONN_LABELS[state];
    },
  };
}
