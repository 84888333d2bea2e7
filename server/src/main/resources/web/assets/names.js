// Names: cleaned of what can disguise them, fresh for each room unless the person chose to remember one.
// A generated name looks like "anonymous-wolf-x7k2p". It is kept only with the seat it was made for, so one
// browser shows a different name in every room; the name typed in the lobby is kept ("vanish.name.kept")
// only when "remember my name" is ticked. "you" (any case) is no name: the page marks your own seat "YOU".
import { store } from './dom.js';

const KEY = 'vanish.name.kept';
const ANIMALS = ('wolf fox owl lynx otter raven heron moth crow hare bat newt orca seal wren yak ibis kiwi mole ' +
  'puma viper gecko koala panda tapir bison eagle finch mink stoat badger cobra dingo falcon jackal lemur').split(' ');
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const MAX_NAME = 40;
// Before this page, any name (a generated one too) was kept for good under "vanish.name": the link across rooms.
store.del('localStorage', 'vanish.name');

export function randomName() {
  const r = crypto.getRandomValues(new Uint8Array(6));
  let tag = '';
  for (let i = 1; i < 6; i++) tag += ALPHABET[r[i] % ALPHABET.length];
  return `anonymous-${ANIMALS[r[0] % ANIMALS.length]}-${tag}`;
}

// Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters) and line/paragraph separators
// go; any run of white space becomes one space; at most MAX_NAME characters (whole code points).
export const cleanName = s => [...String(s ?? '').replace(/\s+/g, ' ').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
  .replace(/ +/g, ' ').trim()].slice(0, MAX_NAME).join('').trim();
// What two names are compared as: "Ａlice" and "alice" are the same name to a reader.
export const nameKey = n => n.normalize('NFKC').toLowerCase();
export const isReserved = n => nameKey(n) === 'you';

export const keptName = () => cleanName(store.get('localStorage', KEY));

// A cleaned name, or '' for one that cannot be used (empty, or "you"); kept only when `remember`.
export function setName(n, remember) {
  n = cleanName(n);
  if (isReserved(n)) n = '';
  if (remember && n) store.set('localStorage', KEY, n);
  else if (!remember) store.del('localStorage', KEY);
  return n;
}

// The lobby hands the name chosen for a room it creates to that room's page, in memory, once.
const handed = new Map();
export const handName = (roomId, n) => handed.set(roomId, n);
export function nameForRoom(roomId) {
  const n = handed.get(roomId);
  handed.delete(roomId);
  return n || keptName() || randomName();
}
