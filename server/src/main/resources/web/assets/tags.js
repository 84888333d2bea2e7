// Seat tags: four characters and a colour derived from a seat's member id, the same on every page of the room, so
// two seats with the same name look different. SHA-256("vanish/v2/seat-tag\n" + roomId + "\n" + memberId): bytes
// 0–3 pick the characters (a 32-letter alphabet without look-alikes), byte 4 one of 12 hues. The server chooses
// member ids, so a malicious server can give a seat the tag of another (docs/SECURITY.md); members cannot.
import { h } from './dom.js';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const known = new Map(); // roomId \n memberId -> {text, hue}

export async function seatTag(roomId, memberId) {
  const k = `${roomId}\n${memberId}`;
  let t = known.get(k);
  if (!t) {
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`vanish/v2/seat-tag\n${k}`)));
    t = { text: [...d.subarray(0, 4)].map(b => ALPHABET[b % 32]).join(''), hue: (d[4] % 12) * 30 };
    known.set(k, t);
  }
  return t;
}

export const tagText = (roomId, memberId) => known.get(`${roomId}\n${memberId}`)?.text;

// A tag as shown next to a name (data-testid=seat-tag); filled at once when known, else when computed.
export function tagEl(roomId, memberId) {
  const el = h('span', { class: 'tag', tid: 'seat-tag', title: 'This seat\'s tag: the same seat always has the same tag' });
  const fill = t => { el.textContent = t.text; el.style.setProperty('--hue', t.hue); };
  if (memberId) {
    const t = known.get(`${roomId}\n${memberId}`);
    if (t) fill(t); else seatTag(roomId, memberId).then(fill);
  }
  return el;
}
