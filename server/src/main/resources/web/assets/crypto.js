// End-to-end cryptography of Vanish protocol v2 (docs/PROTOCOL.md §1), WebCrypto only. Nothing here touches the network.
//
// Exported API (K = the 32-byte room key as a Uint8Array; every function returning a Promise is async):
//   b64url(bytes: Uint8Array|ArrayBuffer) -> string           base64url, no padding
//   unb64url(str: string) -> Uint8Array                        throws on a bad alphabet or length
//   randomKey() -> Uint8Array(32)                              a fresh K from the CSPRNG
//   parseKey(fragment: string) -> Uint8Array(32) | null        canonical 43-char base64url of 32 bytes, else null
//   randomRoomId() -> string                                   16 random bytes as 22 base64url chars (the creator picks it)
//   linkKey(K) -> Promise<{seed, privateKey, publicKey}>       Ed25519 from HKDF(K, vanish/v2/link-key); publicKey base64url
//   stretch(passphrase, roomId) -> Promise<Uint8Array(32)>     P = PBKDF2-SHA256(NFC(passphrase), "vanish/v2/passphrase/"+roomId, 600000)
//   roomKeys(K, roomId, P?) -> Promise<{root, msgKeyBytes, msgKey, safetyCode,
//                                       passphrase?: {seed, privateKey, publicKey}}>
//                                                              root = HKDF(K, salt P or empty, vanish/v2/root); msgKey, the
//                                                              safety code and (with P) the passphrase key come from root
//   seatSignature(privateKey, roomId, challenge) -> Promise<string>
//                                                              Ed25519 over "vanish/v2/seat\n"+roomId+"\n"+challenge, base64url (86)
//   previewSignature(privateKey, roomId, challenge) -> Promise<string>
//                                                              Ed25519 over "vanish/v2/preview\n"+roomId+"\n"+challenge (never a seat's)
//   seatStore(root) -> Promise<{slot: string, key: CryptoKey}>  where a seat may outlive the tab: slot = base64url of the first
//                                                              16 bytes of HKDF(root, vanish/v2/seat-slot), key = AES-GCM from
//                                                              HKDF(root, vanish/v2/seat-store); useless without the link
//   encryptBody(msgKey, roomId, plaintext: string, iv?: Uint8Array(12)) -> Promise<string>
//                                                              base64url(iv ‖ AES-256-GCM(msgKey, iv, plaintext, AAD = roomId));
//                                                              iv defaults to 12 random bytes
//   decryptBody(msgKey, roomId, body: string) -> Promise<{text: string, iv: string}>
//                                                              the UTF-8 plaintext and the body's iv (base64url);
//                                                              rejects if the body fails authentication
// HKDF is HKDF-SHA256 with L = 32; an "empty" salt is 32 zero bytes (as in v1).

const te = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;
const ZERO_SALT = new Uint8Array(32);
// PKCS#8 header of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
export const PBKDF2_ITERATIONS = 600000;

export function b64url(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function unb64url(str) {
  if (typeof str !== 'string' || !/^[A-Za-z0-9_-]*$/.test(str) || str.length % 4 === 1) throw new Error('bad base64url');
  const bin = atob(str.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - str.length % 4) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const randomKey = () => crypto.getRandomValues(new Uint8Array(32));
export const randomRoomId = () => b64url(crypto.getRandomValues(new Uint8Array(16)));

export function parseKey(fragment) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(fragment || '')) return null;
  const k = unb64url(fragment);
  return k.length === 32 && b64url(k) === fragment ? k : null;
}

async function hkdf(ikm, info, salt = ZERO_SALT) {
  const base = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: te.encode(info) }, base, 256);
  return new Uint8Array(bits);
}

// An Ed25519 signing key from a 32-byte seed, and its raw public key (the JWK's x is base64url already).
async function ed25519(seed) {
  const pkcs8 = new Uint8Array(48);
  pkcs8.set(PKCS8_ED25519);
  pkcs8.set(seed, 16);
  const extractable = await subtle().importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
  const { x } = await subtle().exportKey('jwk', extractable);
  // Kept for signing without the seed being readable from the key object.
  const privateKey = await subtle().importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
  pkcs8.fill(0);
  return { seed, privateKey, publicKey: x };
}

export async function linkKey(k) {
  return ed25519(await hkdf(k, 'vanish/v2/link-key'));
}

export async function stretch(passphrase, roomId) {
  const base = await subtle().importKey('raw', te.encode(String(passphrase).normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: te.encode(`vanish/v2/passphrase/${roomId}`),
    iterations: PBKDF2_ITERATIONS }, base, 256);
  return new Uint8Array(bits);
}

// Five groups of four digits: group i = big-endian uint32 of h[4i..4i+4) mod 10000.
function safetyCodeOf(h) {
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  return [0, 1, 2, 3, 4].map(i => String(v.getUint32(4 * i) % 10000).padStart(4, '0')).join(' ');
}

export async function roomKeys(k, roomId, P = null) {
  const root = await hkdf(k, 'vanish/v2/root', P || ZERO_SALT);
  const [msgKeyBytes, safety, ppSeed] = await Promise.all([hkdf(root, 'vanish/v2/message'),
    hkdf(root, `vanish/v2/safety/${roomId}`), P ? hkdf(root, 'vanish/v2/passphrase-key') : null]);
  const msgKey = await subtle().importKey('raw', msgKeyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { root, msgKeyBytes, msgKey, safetyCode: safetyCodeOf(safety), passphrase: ppSeed ? await ed25519(ppSeed) : undefined };
}

export async function seatSignature(privateKey, roomId, challenge) {
  return b64url(await subtle().sign('Ed25519', privateKey, te.encode(`vanish/v2/seat\n${roomId}\n${challenge}`)));
}

export async function previewSignature(privateKey, roomId, challenge) {
  return b64url(await subtle().sign('Ed25519', privateKey, te.encode(`vanish/v2/preview\n${roomId}\n${challenge}`)));
}

export async function seatStore(root) {
  const [slot, key] = await Promise.all([hkdf(root, 'vanish/v2/seat-slot'), hkdf(root, 'vanish/v2/seat-store')]);
  return { slot: b64url(slot.subarray(0, 16)), key: await subtle().importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']) };
}

export async function encryptBody(msgKey, roomId, plaintext, iv = crypto.getRandomValues(new Uint8Array(12))) {
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(roomId), tagLength: 128 }, msgKey, te.encode(plaintext));
  const out = new Uint8Array(12 + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), 12);
  return b64url(out);
}

export async function decryptBody(msgKey, roomId, body) {
  const b = unb64url(body);
  if (b.length < 28) throw new Error('body too short');
  const iv = b.subarray(0, 12);
  const pt = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: te.encode(roomId), tagLength: 128 }, msgKey, b.subarray(12));
  return { text: new TextDecoder('utf-8', { fatal: true }).decode(pt), iv: b64url(iv) };
}
