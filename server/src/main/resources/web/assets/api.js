// HTTP API client (docs/PROTOCOL.md §4–5): JSON in and out, Bearer auth; a failed call throws an ApiError
// carrying the HTTP status, the server's error code and message, and attemptsLeft when the answer has one
// (passphrase_required, wrong_passphrase); status NETWORK = 0 / code "network" when the server is unreachable.
// protocol.js's reasonOf(status) says what a status means.
import { NETWORK, FALLBACK_LIMITS } from './protocol.js';

export class ApiError extends Error {
  constructor(status, code, message, attemptsLeft) {
    super(message || code);
    this.status = status;
    this.code = code;
    if (Number.isInteger(attemptsLeft)) this.attemptsLeft = attemptsLeft;
  }
}

export async function api(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(NETWORK, 'network', 'Cannot reach the server.');
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, data?.error || `http_${res.status}`, data?.message, data?.attemptsLeft);
  return data;
}

export const roomPath = id => `/rooms/${encodeURIComponent(id)}`;

let config;
// GET /api/v1/config, once per page; falls back to the protocol's documented defaults if it fails.
export function getConfig() {
  return config ??= api('GET', '/config').catch(() => {
    config = undefined;
    return { ...FALLBACK_LIMITS, fallback: true };
  });
}
