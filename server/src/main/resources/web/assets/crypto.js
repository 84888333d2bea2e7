// End-to-end encryption of Vanish (docs/PROTOCOL.md §2), WebCrypto only. Nothing here touches the network.
//
// Exported API (K = the 32-byte room key as a Uint8Array; every function returning a Promise is async):
//   b64url(bytes: Uint8Array|ArrayBuffer) -> string           base64url, no padding
//   unb64url(str: string) -> Uint8Array                        throws on a bad alphabet or length
//   randomKey() -> Uint8Array(32)                              a fresh K from the CSPRNG
//   parseKey(fragment: string) -> Uint8Array(32) | null        canonical 43-char base64url of 32 bytes, else null
//   deriveKeys(K) -> Promise<{authKey: Uint8Array(32), msgKeyBytes: Uint8Array(32), msgKey: CryptoKey}>
//                                                              HKDF-SHA256, empty salt, info vanish/v1/auth | vanish/v1/message
//   accessHash(K) -> Promise<string>                           base64url(SHA-256(authKey)), sent on create
//   accessProof(K) -> Promise<string>                          base64url(authKey), sent to take a seat
//   encryptBody(key, roomId, plaintext: string, iv?: Uint8Array(12)) -> Promise<string>
//                                                              base64url(iv ‖ AES-256-GCM(msgKey, iv, plaintext, AAD = roomId));
//                                                              key is K (Uint8Array) or msgKey (CryptoKey); iv defaults to 12 random bytes
//   decryptBody(key, roomId, body: string) -> Promise<string>  the UTF-8 plaintext; rejects if the body fails authentication

const te = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;

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

export function parseKey(fragment) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(fragment || '')) return null;
  const k = unb64url(fragment);
  return k.length === 32 && b64url(k) === fragment ? k : null;
}

async function hkdf(k, info) {
  const base = await subtle().importKey('raw', k, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: te.encode(info) }, base, 256);
  return new Uint8Array(bits);
}

export async function deriveKeys(k) {
  const [authKey, msgKeyBytes] = await Promise.all([hkdf(k, 'vanish/v1/auth'), hkdf(k, 'vanish/v1/message')]);
  const msgKey = await subtle().importKey('raw', msgKeyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { authKey, msgKeyBytes, msgKey };
}

export async function accessProof(k) {
  return b64url((await deriveKeys(k)).authKey);
}

export async function accessHash(k) {
  const { authKey } = await deriveKeys(k);
  return b64url(await subtle().digest('SHA-256', authKey));
}

const msgKeyOf = async key => (key instanceof CryptoKey ? key : (await deriveKeys(key)).msgKey);

export async function encryptBody(key, roomId, plaintext, iv = crypto.getRandomValues(new Uint8Array(12))) {
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(roomId), tagLength: 128 },
    await msgKeyOf(key), te.encode(plaintext));
  const out = new Uint8Array(12 + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), 12);
  return b64url(out);
}

export async function decryptBody(key, roomId, body) {
  const b = unb64url(body);
  if (b.length < 28) throw new Error('body too short');
  const pt = await subtle().decrypt({ name: 'AES-GCM', iv: b.subarray(0, 12), additionalData: te.encode(roomId), tagLength: 128 },
    await msgKeyOf(key), b.subarray(12));
  return new TextDecoder('utf-8', { fatal: true }).decode(pt);
}
