// Anonymous identities like "anonymous-wolf-x7k2p": generated in the browser, kept in localStorage, editable.
import { store } from './dom.js';

const KEY = 'vanish.name';
const ANIMALS = ('wolf fox owl lynx otter raven heron moth crow hare bat newt orca seal wren yak ibis kiwi mole ' +
  'puma viper gecko koala panda tapir bison eagle finch mink stoat badger cobra dingo falcon jackal lemur').split(' ');
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const MAX_NAME = 40;

export function randomName() {
  const r = crypto.getRandomValues(new Uint8Array(6));
  let tag = '';
  for (let i = 1; i < 6; i++) tag += ALPHABET[r[i] % ALPHABET.length];
  return `anonymous-${ANIMALS[r[0] % ANIMALS.length]}-${tag}`;
}

export const cleanName = s => String(s ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);

export function getName() {
  let n = cleanName(store.get('localStorage', KEY));
  if (!n) setName(n = randomName());
  return n;
}

export function setName(n) {
  n = cleanName(n);
  if (n) store.set('localStorage', KEY, n);
  return n;
}
