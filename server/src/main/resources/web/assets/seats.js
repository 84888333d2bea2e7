// Seats: the member token per room, kept in sessionStorage AND localStorage under "vanish.seat.{roomId}", so a
// reload or reopening the link in the same browser reuses the seat. The key K is never stored (it lives only in
// the link); a seat records h = accessHash(K) so that a link with a different key is not let in on an old seat.
import { store } from './dom.js';

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
