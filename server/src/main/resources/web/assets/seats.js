// Seats on this device. K (the room key) and the passphrase are never stored: K lives in the page's memory only
// (Chromium writes sessionStorage to disk and keeps a closed tab's, so it is not used for K either; docs/SECURITY.md).
// So that reopening the link in a new tab still finds the seat, a seat {memberId, token, exp, seq, name} is kept in
// localStorage only encrypted, under a name that does not reveal the room:
//   "vanish.s." + slot  ->  {"exp": <room's expiresAt>, "box": base64url(iv ‖ AES-GCM(key, iv, JSON(seat), AAD "vanish/v2/seat"))}
// where slot and key come from the room's root (crypto.js seatStore): without the link (and passphrase) the entry is
// unreadable and cannot even be matched to a room. Only exp is in the clear, so every page load sweeps what is stale.
// handOver/takeOver pass the creator's K (and stretched passphrase P) from the lobby to the room page it opens,
// in memory only, once: the creator's address bar never holds the key.
import { b64url, unb64url } from './crypto.js';

const handed = new Map();
export const handOver = (roomId, keys) => handed.set(roomId, keys);
export function takeOver(roomId) {
  const k = handed.get(roomId);
  handed.delete(roomId);
  return k;
}

const PREFIX = 'vanish.s.';
const LEGACY = 'vanish.seat.'; // before issue 16: a plain token under the room id, in both storage areas
const AAD = new TextEncoder().encode('vanish/v2/seat');
const local = () => { try { return globalThis.localStorage; } catch { return null; } };

export async function loadSeat(store) {
  try {
    const e = JSON.parse(local()?.getItem(PREFIX + store.slot));
    if (!e || typeof e.box !== 'string') return null;
    const b = unb64url(e.box);
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: b.subarray(0, 12), additionalData: AAD }, store.key, b.subarray(12));
    const s = JSON.parse(new TextDecoder().decode(pt));
    return s && typeof s.token === 'string' ? s : null;
  } catch { return null; } // damaged, or another key: not ours
}

// Writes in call order (each seal bumps seq), so a slow encryption never overwrites a newer seat with an older one.
let queue = Promise.resolve();
export function saveSeat(store, seat) {
  if (!store) return queue;
  const json = JSON.stringify({ memberId: seat.memberId, token: seat.token, exp: seat.exp, seq: seat.seq || 0, name: seat.name });
  queue = queue.then(async () => {
    if (store.wiped) return;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, store.key, new TextEncoder().encode(json)));
    const box = new Uint8Array(12 + ct.length);
    box.set(iv);
    box.set(ct, 12);
    if (!store.wiped) local()?.setItem(PREFIX + store.slot, JSON.stringify({ exp: seat.exp, box: b64url(box) }));
  }).catch(() => { /* storage unavailable or full: the seat just does not outlive the tab */ });
  return queue;
}

// Forgets the room's seat for good: later saves of this page (a seal in flight) are dropped too.
export function forgetSeat(store) {
  if (!store) return;
  store.wiped = true;
  try { local()?.removeItem(PREFIX + store.slot); } catch { /* storage unavailable */ }
}

// Drops seats of rooms whose lifetime has surely ended, damaged entries, and every plain-token entry of older pages.
export function sweepSeats() {
  for (const a of ['localStorage', 'sessionStorage']) {
    try {
      const area = globalThis[a];
      for (let i = area.length - 1; i >= 0; i--) {
        const k = area.key(i);
        if (k?.startsWith(LEGACY)) { area.removeItem(k); continue; }
        if (!k?.startsWith(PREFIX)) continue;
        let exp = 0;
        try { exp = JSON.parse(area.getItem(k)).exp; } catch { /* damaged: drop */ }
        if (!(exp > Date.now())) area.removeItem(k);
      }
    } catch { /* storage unavailable */ }
  }
}
