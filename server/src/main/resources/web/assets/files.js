// Files, images and voice messages (issue 17, docs/PROTOCOL.md §8), loaded by room.js at the first attach, drop,
// paste, recording or file message, so a room that never sees a file never downloads this.
//
// Sending: what is picked, dropped or pasted waits in a tray above the composer (its name, size, for a photo the
// "keep photo details" choice, off by default) until Send; then each file gets a fresh AES-256-GCM key, is declared
// (POST …/files), read and encrypted chunk by chunk (fileChunkBytes from GET /config; at most 3 chunks in flight,
// a transient failure retried), and only when every chunk is stored is the file message sent through the page's
// ordinary send path (messages.js post: the caption as text, the key and hash in "file"). Photos lose their EXIF,
// GPS, XMP, comments and text chunks first (stripMetadata), keeping only an EXIF orientation. A recording is sent
// when it stops.
// Receiving: card(el, file) adds the card to a shown message: an image (JPEG, PNG, GIF, WebP) or a voice message
// downloads at once and shows inline from a blob: URL; any other file waits for its download button. Every chunk
// must decrypt (bound to room, file, index and count), the length and SHA-256 must match: else "this file is
// damaged" and nothing of it is shown. Decrypted files live in memory only; close() revokes every blob: URL.
//
// createFiles({roomId, roomEl, composer, msgs, seat()}) -> {stage(files), record(), card(el, file), close()}
import { h } from './dom.js';
import { getConfig, roomPath } from './api.js';
import { b64url, unb64url } from './crypto.js';
import { maxPlain } from './protocol.js';
import { sha256 } from './sha256.js';
import { sniff, stripMetadata } from './photo.js';

// The pure pieces, importable from here too (the browser tests reach them through this module).
export { sha256 } from './sha256.js';
export { stripMetadata, stripJpeg, stripPng, stripWebp, stripGif } from './photo.js';

const te = new TextEncoder();
const INLINE = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const KINDS = ['image', 'voice', 'file'];
const IN_FLIGHT = 3, TRIES = 5, MAX_RECORDING_MS = 15 * 60e3;
// Room in a message's plaintext for the "file" object and the rest besides the caption (a name of 255 characters
// of up to 6 JSON bytes each, the key, the hash, the numbers).
const FILE_FIELDS = 2300;

export const chunkAad = (roomId, fileId, i, n) => te.encode(`vanish/v2/file-chunk\n${roomId}\n${fileId}\n${i}\n${n}`);
export const chunkCount = (size, C) => Math.max(1, Math.ceil(size / C));

// ---- what is shown

// A file's claimed name as shown and saved: no control or direction characters, no path, no leading dots.
export function cleanFileName(name) {
  const n = String(name).normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[/\\:*?"<>|]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  return [...n].slice(0, 255).join('') || 'file';
}

const size = n => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB` : `${(n / 1048576).toFixed(1)} MB`);
const tooLarge = (name, c) => `“${name}” is too large: files are at most ${size(c.max)} on this server. It was not sent.`;
const mmss = ms => { const s = Math.floor(ms / 1000); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; };

// The "file" object of a message as this page can use it, or null (malformed: "a file that could not be read").
export function readFile(f) {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return null;
  const ok = typeof f.id === 'string' && /^[A-Za-z0-9_-]{22}$/.test(f.id)
    && typeof f.key === 'string' && /^[A-Za-z0-9_-]{43}$/.test(f.key) && unb64url(f.key).length === 32
    && typeof f.name === 'string' && f.name.length > 0 && [...f.name].length <= 255
    && typeof f.mime === 'string' && f.mime.length <= 100
    && Number.isSafeInteger(f.size) && f.size >= 0
    && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256)
    && Number.isSafeInteger(f.chunks) && f.chunks >= 1
    && KINDS.includes(f.kind)
    && (f.durationMs === undefined || (Number.isSafeInteger(f.durationMs) && f.durationMs >= 0))
    && (f.metadata === undefined || f.metadata === 'stripped' || f.metadata === 'kept');
  return ok ? f : null;
}

class Damaged extends Error {}
class Failed extends Error {
  constructor(status, code, message) { super(message || code); this.status = status; this.code = code; }
}
// Worth another try: no answer, a 5xx but 507 (full stays full), 429 (after its Retry-After).
const transient = s => s === 0 || s === 429 || (s >= 500 && s !== 507);
const sleep = (ms, signal) => new Promise((ok, no) => {
  const t = setTimeout(ok, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); no(new DOMException('aborted', 'AbortError')); }, { once: true });
});

let styled = false;

export function createFiles({ roomId, roomEl, composer, msgs, seat }) {
  const token = () => seat()?.token;
  const rp = `/api/v1${roomPath(roomId)}/files`;
  const urls = new Set(), blobs = new Map(), loading = new Map(), uploads = new Set();
  let staged = [], rec = null, closed = false, cfg = null;
  style();

  const config = async () => {
    if (cfg) return cfg;
    const c = await getConfig();
    return (cfg = { max: c.maxFileBytes ?? 10485760, chunk: c.fileChunkBytes ?? 262144, plain: maxPlain(c.maxBodyChars) });
  };
  const url = blob => { const u = URL.createObjectURL(blob); urls.add(u); return u; };
  const list = () => roomEl.querySelector('.msgs');
  const textarea = composer.el.querySelector('textarea');

  // HTTP with the seat's token; throws Failed (status 0: no answer) unless 2xx.
  async function call(method, path, { body, type, signal } = {}) {
    let res;
    try {
      res = await fetch(path, { method, body, signal, cache: 'no-store', credentials: 'omit',
        headers: { Authorization: `Bearer ${token()}`, ...(type ? { 'Content-Type': type } : {}) } });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new Failed(0, 'network', 'Cannot reach the server.');
    }
    if (res.ok) return res;
    let d = null;
    try { d = await res.json(); } catch { /* not JSON */ }
    const f = new Failed(res.status, d?.error || `http_${res.status}`, d?.message);
    f.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw f;
  }

  // The same call again after a transient failure (1 s, 2 s, 4 s …, or the server's Retry-After).
  async function retried(fn, signal) {
    for (let n = 1; ; n++) {
      try { return await fn(); } catch (e) {
        if (!(e instanceof Failed) || !transient(e.status) || n >= TRIES) throw e;
        await sleep(e.retryAfter ? e.retryAfter * 1000 : 500 * 2 ** n, signal);
      }
    }
  }

  // ---- the tray: files waiting for Send

  const say = h('p', { class: 'say', role: 'status', tid: 'file-status' });
  const items = h('div', { class: 'items' });
  const sendBtn = h('button', { type: 'button', class: 'primary', tid: 'send-file', onclick: () => sendStaged() });
  const acts = h('div', { class: 'acts' },
    h('button', { type: 'button', class: 'ghost', tid: 'tray-cancel', text: 'Cancel', onclick: () => { staged.forEach(s => s.url && URL.revokeObjectURL(s.url)); staged = []; render(); } }), sendBtn);
  const tray = h('div', { class: 'tray', tid: 'file-tray' }, say, items, acts);
  composer.el.before(tray);
  const note = (text, error = false) => { say.textContent = text || ''; say.className = `say${error ? ' error' : ''}`; render(); };

  function render() {
    items.replaceChildren(...staged.map(s => s.row));
    acts.hidden = !staged.length;
    sendBtn.textContent = staged.length > 1 ? `Send ${staged.length} files` : 'Send file';
    tray.hidden = !staged.length && !say.textContent && !rec;
  }

  // Enter in the message field and its Send button send the waiting files, with the text as caption.
  const keySend = e => { if (staged.length && e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.target === textarea) { e.preventDefault(); e.stopPropagation(); sendStaged(); } };
  const clickSend = e => { if (staged.length && e.target.closest?.('.send')) { e.preventDefault(); e.stopPropagation(); sendStaged(); } };
  composer.el.addEventListener('keydown', keySend, true);
  composer.el.addEventListener('click', clickSend, true);
  // A drop anywhere on the room: outlined while files are dragged over it.
  let depth = 0;
  const over = on => roomEl.classList.toggle('dropping', on);
  const onEnter = e => { if (e.dataTransfer?.types.includes('Files')) { depth++; over(true); } };
  const onLeave = () => { if (--depth <= 0) { depth = 0; over(false); } };
  const onDrop = () => { depth = 0; over(false); };
  roomEl.addEventListener('dragenter', onEnter);
  roomEl.addEventListener('dragleave', onLeave);
  roomEl.addEventListener('drop', onDrop);

  async function stage(files) {
    if (closed) return;
    const c = await config();
    const refused = [];
    for (const file of files) {
      if (file.size > c.max) { refused.push(tooLarge(cleanFileName(file.name), c)); continue; }
      const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
      const image = sniff(head);
      const s = { file, image, keep: false };
      if (image && INLINE.includes(image)) s.url = url(file);
      const box = image && h('input', { type: 'checkbox', tid: 'keep-details', onchange: () => { s.keep = box.checked; } });
      s.row = h('div', { class: 'item', tid: 'staged-file' },
        s.url ? h('img', { class: 'thumb', src: s.url, alt: '' }) : h('span', { class: 'thumb icon', 'aria-hidden': 'true', text: '▤' }),
        h('div', { class: 'what' },
          h('span', { class: 'att-name', text: cleanFileName(file.name || 'file') }),
          h('span', { class: 'dim', text: size(file.size) }),
          box && h('label', { class: 'check' }, box, 'keep photo details (location, camera)')),
        h('button', { type: 'button', class: 'ghost x', 'aria-label': 'Remove', text: '✕', onclick: () => {
          staged = staged.filter(x => x !== s);
          if (s.url) { URL.revokeObjectURL(s.url); urls.delete(s.url); }
          render();
        } }));
      staged.push(s);
    }
    note(refused.join(' '), refused.length > 0);
  }

  async function sendStaged() {
    if (!staged.length || closed) return;
    const c = await config();
    let caption = textarea.value;
    if (te.encode(caption).length + FILE_FIELDS > c.plain) { note('The caption is too long for a file message: shorten it.', true); return; }
    const todo = staged;
    staged = [];
    textarea.value = '';
    textarea.dispatchEvent(new Event('input'));
    note('');
    for (const s of todo) {
      if (s.url) { URL.revokeObjectURL(s.url); urls.delete(s.url); }
      const p = await prepare(s);
      if (!p) continue;
      upload(p, caption); // the caption goes with the first file sent
      caption = '';
    }
  }

  // What is uploaded: a photo without its details (unless kept), its kind and type by its first bytes.
  async function prepare({ file, image, keep }) {
    const name = cleanFileName(file.name || 'file');
    if (!image) return { blob: file, name, mime: (file.type && file.type.length <= 100 && file.type) || 'application/octet-stream', kind: 'file' };
    if (keep) return { blob: file, name, mime: image, kind: 'image', metadata: 'kept' };
    try {
      const bytes = stripMetadata(image, new Uint8Array(await file.arrayBuffer()));
      return { blob: new Blob([bytes], { type: image }), name, mime: image, kind: 'image', metadata: 'stripped' };
    } catch {
      note(`“${name}” was not sent: its photo details could not be removed (the image is not one this page can read). Tick “keep photo details” to send it as it is.`, true);
      return null;
    }
  }

  // ---- uploading: declare, every chunk, then the message

  async function upload(p, caption) {
    const c = await config();
    if (p.blob.size > c.max) { note(tooLarge(p.name, c), true); return; }
    const u = { abort: new AbortController(), id: null, done: new Set() };
    uploads.add(u);
    const bar = h('progress', { tid: 'upload-progress', max: String(p.blob.size || 1), value: '0', 'aria-label': `Uploading ${p.name}` });
    const state = h('span', { class: 'state', text: 'encrypting…' });
    const retry = h('button', { type: 'button', class: 'link', text: 'retry', hidden: true, onclick: () => { retry.hidden = true; go(); } });
    const stop = h('button', { type: 'button', class: 'link', tid: 'upload-cancel', text: 'cancel', onclick: () => cancel() });
    const li = h('li', { class: 'msg mine upload', tid: 'upload' },
      h('div', { class: 'meta' }, h('span', { class: 'sender', text: 'YOU' }), state, retry, stop),
      h('div', { class: 'att file' }, h('div', { class: 'row' }, h('span', { class: 'att-name', text: p.name }), h('span', { text: size(p.blob.size) })), bar));
    list().append(li);
    roomEl.querySelector('.empty')?.setAttribute('hidden', '');
    const log = roomEl.querySelector('.log');
    log.scrollTop = log.scrollHeight;

    function cancel() {
      uploads.delete(u);
      u.abort.abort();
      li.remove();
      if (u.id) call('DELETE', `${rp}/${u.id}`).catch(() => {});
    }

    async function go() {
      state.textContent = 'uploading…';
      li.classList.remove('failed');
      const { signal } = u.abort;
      try {
        if (!u.id) {
          const r = await retried(() => call('POST', rp, { body: JSON.stringify({ size: p.blob.size }), type: 'application/json', signal }), signal);
          const d = await r.json();
          Object.assign(u, { id: d.fileId, n: d.chunks, C: d.chunkBytes, key: crypto.getRandomValues(new Uint8Array(32)) });
        }
        const key = await crypto.subtle.importKey('raw', u.key, 'AES-GCM', false, ['encrypt']);
        const hash = sha256(), running = new Set();
        let sent = [...u.done].reduce((n, i) => n + Math.min(u.C, p.blob.size - i * u.C), 0), failure = null;
        bar.value = sent;
        // In order (the hash needs it), each chunk read, hashed and encrypted, and up to IN_FLIGHT PUTs at once.
        for (let i = 0; i < u.n && !failure; i++) {
          const plain = new Uint8Array(await p.blob.slice(i * u.C, Math.min(p.blob.size, (i + 1) * u.C)).arrayBuffer());
          hash.update(plain);
          if (u.done.has(i)) continue;
          const iv = crypto.getRandomValues(new Uint8Array(12));
          const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: chunkAad(roomId, u.id, i, u.n), tagLength: 128 }, key, plain));
          const body = new Uint8Array(12 + ct.length);
          body.set(iv);
          body.set(ct, 12);
          const put = retried(() => call('PUT', `${rp}/${u.id}/chunks/${i}`, { body, type: 'application/octet-stream', signal }), signal)
            .then(() => {
              u.done.add(i);
              sent += plain.length;
              bar.value = sent;
              state.textContent = `uploading… ${Math.floor((100 * sent) / (p.blob.size || 1))}%`;
            }, e => { failure ||= e; })
            .finally(() => running.delete(put));
          running.add(put);
          while (running.size >= IN_FLIGHT) await Promise.race(running);
        }
        await Promise.all(running);
        if (failure) throw failure;
        const file = { id: u.id, key: b64url(u.key), name: p.name, mime: p.mime, size: p.blob.size, sha256: hash.hex(), chunks: u.n, kind: p.kind };
        if (p.durationMs != null) file.durationMs = p.durationMs;
        if (p.metadata) file.metadata = p.metadata;
        uploads.delete(u);
        if (closed) return;
        blobs.set(u.id, p.blob);
        li.remove();
        msgs.post(caption, file);
      } catch (e) {
        if (signal.aborted || closed) return;
        li.classList.add('failed');
        if (e.status === 413 || e.status === 507 || e.status === 400) {
          // Nothing to retry: refused for its size or for the space left. Nothing of it is kept on the server.
          state.textContent = e.status === 507 ? (/^this room/i.test(e.message) ? `not sent · this room's file space is full. ${e.message}`
            : `not sent · the server's storage is full right now. ${e.message}`)
            : `not sent · ${e.message}`;
          state.dataset.error = e.code;
          bar.hidden = true;
          stop.textContent = 'dismiss';
          if (u.id) { call('DELETE', `${rp}/${u.id}`).catch(() => {}); u.id = null; }
          uploads.delete(u);
          return;
        }
        state.textContent = `upload failed (${e.status ? e.code : 'no connection'}) · `;
        retry.hidden = false;
      }
    }
    go();
  }

  // ---- recording a voice message: tap to start, tap again to send; cancel in the tray

  const button = composer.el.querySelector('[data-testid="voice-record"]');
  async function record() {
    if (closed) return;
    if (rec) { rec.stop(true); return; }
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia || typeof MediaRecorder === 'undefined') { note('This browser cannot record voice messages.', true); return; }
    const c = await config();
    rec = { starting: true, stop: () => {} };
    let stream;
    try { stream = await media.getUserMedia({ audio: true }); } catch (e) {
      rec = null;
      note(e?.name === 'NotAllowedError' ? 'The microphone is not allowed for this page: allow it in the browser to record.' : 'No microphone could be opened.', true);
      return;
    }
    if (closed) { stream.getTracks().forEach(t => t.stop()); return; }
    const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'].find(t => MediaRecorder.isTypeSupported(t));
    const r = new MediaRecorder(stream, type ? { mimeType: type } : {});
    const parts = [], t0 = Date.now();
    let bytes = 0, sending = false;
    r.ondataavailable = e => { if (e.data.size) { parts.push(e.data); bytes += e.data.size; if (bytes > c.max * 0.95) rec?.stop(true); } };
    const clock = h('span', { class: 'clock', text: '0:00' });
    const row = h('div', { class: 'item rec', tid: 'recording' }, h('span', { class: 'dot', 'aria-hidden': 'true', text: '●' }),
      h('span', { class: 'what' }, 'recording ', clock), h('span', { class: 'dim hint', text: 'tap ■ to send' }),
      h('button', { type: 'button', class: 'ghost', tid: 'voice-cancel', text: 'Cancel', onclick: () => rec?.stop(false) }));
    const tick = setInterval(() => {
      const ms = Date.now() - t0;
      clock.textContent = mmss(ms);
      if (ms > MAX_RECORDING_MS) rec?.stop(true);
    }, 250);
    r.onstop = () => {
      stream.getTracks().forEach(t => t.stop());
      const durationMs = Date.now() - t0, mime = (r.mimeType || type || 'audio/webm').split(';')[0];
      if (!sending || closed || !bytes) return;
      const ext = { 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' }[mime] || 'audio';
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      upload({ blob: new Blob(parts, { type: mime }), name: `voice-${stamp}.${ext}`, mime, kind: 'voice', durationMs }, '');
    };
    rec = {
      stop(send) {
        clearInterval(tick);
        sending = send;
        if (r.state !== 'inactive') r.stop(); else r.onstop();
        rec = null;
        row.remove();
        button.classList.remove('rec');
        button.textContent = '●';
        button.setAttribute('aria-pressed', 'false');
        button.setAttribute('aria-label', 'Record a voice message');
        render();
      },
    };
    r.start(1000);
    button.classList.add('rec');
    button.textContent = '■';
    button.setAttribute('aria-pressed', 'true');
    button.setAttribute('aria-label', 'Stop and send the voice message');
    tray.prepend(row);
    note('');
  }

  // ---- receiving

  // Every chunk in order (a few fetched ahead), decrypted, checked, into one Blob; throws Damaged.
  async function fetchFile(f, type, onBytes) {
    const c = await config(), n = chunkCount(f.size, c.chunk);
    if (f.chunks !== n) throw new Damaged('chunk count');
    const key = await crypto.subtle.importKey('raw', unb64url(f.key), 'AES-GCM', false, ['decrypt']);
    const get = i => retried(() => call('GET', `${rp}/${f.id}/chunks/${i}`)).then(r => r.arrayBuffer())
      .catch(e => { throw e.status === 404 ? new Damaged('missing chunk') : e; });
    const ahead = [], hash = sha256(), parts = [];
    let got = 0;
    for (let i = 0; i < n; i++) {
      for (let j = ahead.length; j <= Math.min(i + IN_FLIGHT - 1, n - 1); j++) { ahead[j] = get(j); ahead[j].catch(() => {}); }
      const ct = new Uint8Array(await ahead[i]);
      ahead[i] = null;
      const want = (i < n - 1 ? c.chunk : f.size - (n - 1) * c.chunk) + 28;
      if (ct.length !== want) throw new Damaged('chunk length');
      let plain;
      try {
        plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: ct.subarray(0, 12), additionalData: chunkAad(roomId, f.id, i, n), tagLength: 128 }, key, ct.subarray(12)));
      } catch { throw new Damaged('chunk authentication'); }
      hash.update(plain);
      parts.push(plain);
      got += plain.length;
      onBytes?.(got);
      if (closed) throw new Error('closed');
    }
    if (got !== f.size || hash.hex() !== f.sha256) throw new Damaged('length or hash');
    return new Blob(parts, { type });
  }

  // One download per file however many cards ask (a file sent from here is known already).
  function load(f, type, onBytes) {
    if (blobs.has(f.id)) return Promise.resolve(blobs.get(f.id));
    if (!loading.has(f.id)) {
      const p = fetchFile(f, type, onBytes).then(b => { blobs.set(f.id, b); return b; });
      p.catch(() => loading.delete(f.id));
      loading.set(f.id, p);
    }
    return loading.get(f.id);
  }

  function save(blob, name) {
    const a = h('a', { href: url(new Blob([blob], { type: 'application/octet-stream' })), download: name, hidden: true });
    roomEl.append(a);
    a.click();
    a.remove();
  }

  function card(el, raw) {
    if (closed) return;
    const log = roomEl.querySelector('.log');
    const bottom = log && log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    const f = readFile(raw);
    if (!f) {
      el.append(h('p', { class: 'att-note', 'data-notice': 'file-unreadable', text: 'a file that could not be read' }));
      return;
    }
    const name = cleanFileName(f.name);
    const kind = f.kind === 'image' && INLINE.includes(f.mime) ? 'image' : f.kind === 'voice' ? 'voice' : 'file';
    const type = kind === 'image' ? f.mime : kind === 'voice' ? (/^audio\/[\w.+-]+$/.test(f.mime) ? f.mime : 'audio/webm') : 'application/octet-stream';
    const box = h('div', { class: `att ${kind}`, tid: 'attachment', 'data-kind': kind, 'data-state': 'idle' });
    const media = h('div', { class: 'media' });
    const bar = h('progress', { max: String(f.size || 1), value: '0', hidden: true, 'aria-label': `Downloading ${name}` });
    const status = h('span', { class: 'status' });
    const dl = h('button', { type: 'button', class: 'ghost', tid: 'attachment-download', text: kind === 'file' ? 'Download' : 'Save',
      'aria-label': `Download ${name}`, onclick: () => fetchAnd(b => save(b, name)) });
    // A voice message is named by what it is (its file name, made by the recording page, says only when).
    const facts = [h('span', { class: 'att-name', title: name, text: kind === 'voice' ? 'voice message' : name }), h('span', { text: size(f.size) })];
    if (kind === 'voice' && f.durationMs != null) facts.splice(1, 0, h('span', { text: mmss(f.durationMs) }));
    if (kind === 'image' && f.metadata) facts.push(h('span', { class: 'details', tid: 'photo-details', text: f.metadata === 'kept' ? 'details kept' : 'details removed' }));
    box.append(media, h('div', { class: 'row' }, ...facts, status, dl), bar);
    el.append(box);
    if (bottom) log.scrollTop = log.scrollHeight;
    const set = s => { box.dataset.state = s; };

    function damaged() {
      set('damaged');
      box.classList.add('damaged');
      box.replaceChildren(h('p', { tid: 'attachment-damaged', text: 'this file is damaged: it was changed or cut short on the way, so nothing of it is shown.' }));
    }

    async function fetchAnd(then) {
      if (box.dataset.state === 'loading' || closed) return;
      set('loading');
      status.textContent = 'decrypting…';
      if (f.size > 262144) bar.hidden = false;
      try {
        const b = await load(f, type, n => { bar.value = n; });
        if (closed) return;
        bar.hidden = true;
        status.textContent = '';
        set('ready');
        then(b);
      } catch (e) {
        if (closed) return;
        if (e instanceof Damaged) damaged();
        else { set('error'); bar.hidden = true; status.textContent = `could not download (${e.code || 'error'}) · `; dl.textContent = 'Retry'; }
      }
    }

    const show = b => {
      const at = log && log.scrollHeight - log.scrollTop - log.clientHeight < 48;
      const settle = () => { if (at) log.scrollTop = log.scrollHeight; };
      if (kind === 'image') {
        const img = h('img', { src: url(b), alt: name, tid: 'attachment-image', onload: settle,
          onerror: () => { img.remove(); status.textContent = 'this image could not be shown · '; } });
        media.replaceChildren(img);
      } else {
        const audio = h('audio', { controls: true, preload: 'metadata', src: url(b), tid: 'attachment-audio', onloadedmetadata: () => {
          // A recording's WebM carries no duration: seek far once, and the browser finds it.
          if (audio.duration === Infinity) { audio.currentTime = 1e101; audio.addEventListener('durationchange', () => { audio.currentTime = 0; }, { once: true }); }
          settle();
        } });
        media.replaceChildren(audio);
      }
      dl.textContent = 'Save';
    };
    if (kind !== 'file' && f.size <= (cfg?.max ?? 10485760)) fetchAnd(show);
    else if (kind !== 'file') status.textContent = 'too large to show here · ';
  }

  function style() {
    if (styled || !document.adoptedStyleSheets) return;
    styled = true;
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
  }

  render();
  return {
    stage, record, card,
    close() {
      if (closed) return;
      closed = true;
      rec?.stop(false);
      for (const u of uploads) { u.abort.abort(); if (u.id) fetch(`${rp}/${u.id}`, { method: 'DELETE', keepalive: true, credentials: 'omit', headers: { Authorization: `Bearer ${token()}` } }).catch(() => {}); }
      uploads.clear();
      urls.forEach(u => URL.revokeObjectURL(u));
      urls.clear();
      blobs.clear();
      loading.clear();
      staged = [];
      composer.el.removeEventListener('keydown', keySend, true);
      composer.el.removeEventListener('click', clickSend, true);
      roomEl.removeEventListener('dragenter', onEnter);
      roomEl.removeEventListener('dragleave', onLeave);
      roomEl.removeEventListener('drop', onDrop);
      tray.remove();
    },
  };
}

// The styles of the tray and the cards, with this module (pinned by its integrity like every module).
const CSS = `
.tray { max-width: 980px; margin: 0 auto; padding: 8px 16px 0; display: grid; gap: 8px; }
.tray .items { display: grid; gap: 6px; }
.tray .item { display: flex; align-items: center; gap: 10px; padding: 8px 10px; background: var(--panel); border: 1px solid var(--line2); border-radius: var(--r); min-width: 0; }
.tray .thumb { width: 44px; height: 44px; flex: none; object-fit: cover; border-radius: 4px; background: var(--field); }
.tray .thumb.icon { display: grid; place-items: center; color: var(--dim); font-size: 20px; }
.tray .what { flex: 1 1 auto; min-width: 0; display: grid; gap: 2px; font-size: 13px; }
.tray .what .dim { font-size: 12px; }
.tray .check { font-size: 12px; color: var(--dim); gap: 8px; }
.tray .check input { width: 16px; height: 16px; }
.tray .x { padding: 4px 10px; font-size: 14px; }
.tray .say { font-size: 13px; color: var(--amber); }
.tray .say:empty { display: none; }
.tray .say.error { color: var(--red); }
.tray .acts { display: flex; justify-content: flex-end; gap: 8px; }
.tray .acts button { padding: 8px 14px; font-size: 12px; }
.tray .rec { border-color: #5b2a2a; background: #1a1111; }
.tray .rec .dot { color: var(--red); animation: pulse 1s ease-in-out infinite; }
.tray .rec .clock { font-variant-numeric: tabular-nums; font-weight: 700; }
.tray .rec .hint { font-size: 12px; }
.tray .rec button { padding: 6px 12px; font-size: 12px; }
.composer .tool.rec { color: var(--red); border-color: var(--red); }
.msg .text:empty { display: none; }
.att { margin-top: 6px; display: grid; gap: 6px; width: fit-content; max-width: min(100%, 440px); padding: 8px; border: 1px solid var(--line2); border-radius: var(--r); background: var(--field); }
.att.file, .att.voice { min-width: min(100%, 300px); }
.att .media:empty { display: none; }
.att img { display: block; max-width: 100%; max-height: min(60vh, 420px); border-radius: 4px; background: #000; }
.att audio { display: block; width: min(100%, 420px); height: 40px; }
.att .row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; font-size: 12px; color: var(--dim); }
.att .att-name { color: var(--fg); font-size: 13px; }
.att-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 100%; min-width: 0; }
.att .row .att-name { flex: 1 1 100%; }
.att .details { color: var(--acc2); }
.att .status:empty { display: none; }
.att .row button { margin-left: auto; padding: 5px 10px; font-size: 11px; }
.att progress, .tray progress { width: 100%; height: 6px; accent-color: var(--acc); }
.att.damaged { color: var(--red); border-color: #5b2a2a; background: #1a1111; font-size: 13px; }
.att.damaged p::before { content: "⚠ "; }
.att-note { margin-top: 6px; font-size: 12px; color: var(--amber); }
.att-note::before { content: "⚠ "; }
.msg.upload .state { font-size: 12px; }
.msg.upload.failed .state { color: var(--red); }
.msg.upload .meta .link { font-size: 12px; }
.room.dropping .log { outline: 2px dashed var(--acc); outline-offset: -8px; background: rgba(61, 220, 132, .04); }
@media (max-width: 680px) { .tray { padding: 8px 12px 0; } .att { max-width: 100%; } }
`;
