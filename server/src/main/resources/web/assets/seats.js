// Seats: the member token per room, kept in sessionStorage AND localStorage under "vanish.seat.{roomId}", so a
// reload or reopening the link in the same browser reuses the seat:
//   {memberId, token, exp, pk, h, pp, seq}  pk = the link's public key and h = a hash of the room's root key, so a
//   link with a different key (or passphrase) is not let in on an old seat; pp = a passphrase room; seq = the highest
//   sequence number this seat sealed (protocol v2 §4: a reload continues after it).
// The key K and the passphrase are never stored (K lives only in the link). handOver/takeOver pass the stretched
// passphrase P from the lobby to the room page it opens, in memory only, once.
import { store } from './dom.js';

const handed = new Map();
export const handOver = (roomId, P) => handed.set(roomId, P);
export function takeOver(roomId) {
  const P = handed.get(roomId);
  handed.delete(roomId);
  return P;
}

const PREFIX = 'vanish.seat.';
const AREAS = ['sessionStorage', 'localStorage'];

export function loadSeat(roomId) {
  for (const a of AREAS) {
    try {
      const s = JSON.parse(store.get(a, PREFIX + roomId));
      if (s && typeof s.token === 'string') return s;
    } catch { /* ignore a damaged entry */ }
  }
  return null;
}

export function saveSeat(roomId, seat) {
  for (const a of AREAS) store.set(a, PREFIX + roomId, JSON.stringify(seat));
}

export function forgetSeat(roomId) {
  for (const a of AREAS) store.del(a, PREFIX + roomId);
}

// Drops seats of rooms whose lifetime has surely ended.
export function sweepSeats() {
  for (const a of AREAS) {
    try {
      const area = globalThis[a];
      for (let i = area.length - 1; i >= 0; i--) {
        const k = area.key(i);
        if (!k?.startsWith(PREFIX)) continue;
        let exp = 0;
        try { exp = JSON.parse(area.getItem(k)).exp; } catch { /* damaged: drop */ }
        if (!(exp > Date.now() - 60000)) area.removeItem(k);
      }
    } catch { /* storage unavailable */ }
  }
}
