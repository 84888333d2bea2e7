// The wire protocol's numbers, in one place (docs/PROTOCOL.md is the spec; this only names what it says):
// close codes (§6), the limits a server falls back to when GET /config cannot be read, the plaintext budget of
// a body, and ONE table saying what an HTTP status (§5) or a close code means to the page. Error close codes
// are 4000 + the HTTP status (§6), so 404 and 4404 read the same. Pure data and functions: no DOM, no I/O.

// The protocol version this page speaks: sent in create, join and hello (a server of another version refuses with
// unsupported_version and a sentence the page shows).
export const VERSION = 2;

// Error close codes: 4000 + the HTTP status of the error.
const ERROR_CLOSE_BASE = 4000;
export const errorClose = status => ERROR_CLOSE_BASE + status;

// The close codes a server sends (and the page's own 1000 when it closes on purpose).
export const CLOSE = Object.freeze({
  NORMAL: 1000,
  SLOW_READER: 1008,
  MESSAGE_TOO_BIG: 1009,
  SERVER_RESTARTING: 1012,
  INVALID_REQUEST: errorClose(400),
  UNAUTHORIZED: errorClose(401),
  ROOM_NOT_FOUND: errorClose(404),
  IDLE: errorClose(408),
  ROOM_ENDED: errorClose(410), // reason "destroyed" or "expired"
  UNAVAILABLE: errorClose(503),
});

// The status an ApiError carries when no HTTP answer came at all.
export const NETWORK = 0;

// The largest history page a client may ask for (`limit`, PROTOCOL.md §4); the server also caps a page at 1 MiB.
export const HISTORY_PAGE = 500;

// The protocol's documented defaults (§4, GET /api/v1/config), used when the server's own cannot be fetched.
export const FALLBACK_LIMITS = Object.freeze({ defaultTtlSeconds: 600, minTtlSeconds: 60, maxTtlSeconds: 86400,
  minCapacity: 2, defaultCapacity: 2, maxCapacity: 50, maxBodyChars: 32768 });

// Bytes of plaintext that fit a body of maxBodyChars base64url characters: 3 bytes per 4 characters, less the
// 12-byte iv and 16-byte GCM tag (§2).
const SEAL_OVERHEAD = 12 + 16;
export const maxPlain = maxBodyChars => Math.floor(maxBodyChars * 3 / 4) - SEAL_OVERHEAD;

// What a status means to the page. Every 5xx (and NETWORK) is 'transient': try again later.
const REASONS = Object.freeze({
  401: 'unauthorized', // the seat is lost (token unknown or freed): take a seat again
  403: 'forbidden', // not allowed from this page (a socket upgrade from a foreign origin)
  404: 'not-found', // the room does not exist (expired, destroyed, never existed) or the key does not open it
  409: 'full', // every seat is held
  410: 'ended', // the room ended while connected (close reason says destroyed or expired)
});

// reasonOf(HTTP status | close code) -> 'unauthorized' | 'forbidden' | 'not-found' | 'full' | 'ended' |
// 'transient' | 'other'. Close codes below 4000 (1000, 1006, 1012, …) are 'other': reconnect as usual.
export function reasonOf(code) {
  const status = code >= ERROR_CLOSE_BASE && code < ERROR_CLOSE_BASE + 1000 ? code - ERROR_CLOSE_BASE : code;
  if (status === NETWORK || status >= 500 && status < 600) return 'transient';
  return REASONS[status] ?? 'other';
}
