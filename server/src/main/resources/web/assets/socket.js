// Realtime channel of a room (docs/PROTOCOL.md §6): one WebSocket at a time, a hello (v, token, after) on every
// connect, reconnects by itself with exponential backoff and jitter, and reports a state for the UI:
// "connecting" | "connected" | "reconnecting" | "offline".
//
// new RoomSocket(roomId, { hello() -> frame, onFrame(frame), onState(state), onClose(code, reason) -> 'retry'|'now'|'stop' (or a Promise of it) })
import { CLOSE } from './protocol.js';

export class RoomSocket {
  constructor(roomId, handlers) {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.url = `${proto}//${location.host}/api/v1/rooms/${encodeURIComponent(roomId)}/socket`;
    this.h = handlers;
    this.attempt = 0;
    this.ws = null;
    this.ready = false;
    this.stopped = false;
    this.timer = 0;
    this.onOnline = () => { if (!this.ws && !this.stopped) { clearTimeout(this.timer); this.connect(); } };
    // A lost network rarely closes a socket promptly; drop it now and resume with `after` once back online.
    this.onOffline = () => { this.state('offline'); this.ws?.close(); };
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
  }

  state(s) {
    if (s !== this.current) this.h.onState(this.current = s);
  }

  connect() {
    if (this.stopped) return;
    this.timer = 0;
    this.ready = false;
    this.state(this.attempt === 0 && !this.current ? 'connecting' : navigator.onLine === false ? 'offline' : 'reconnecting');
    let ws;
    try { ws = new WebSocket(this.url); } catch { this.retry(); return; }
    this.ws = ws;
    const guard = setTimeout(() => ws.readyState !== WebSocket.OPEN && ws.close(), 10000);
    ws.onopen = () => { clearTimeout(guard); ws.send(JSON.stringify(this.h.hello())); };
    ws.onmessage = e => {
      if (this.ws !== ws || this.stopped) return;
      let f;
      try { f = JSON.parse(e.data); } catch { return; }
      if (!f || typeof f !== 'object') return;
      if (f.type === 'welcome') { this.attempt = 0; this.ready = true; this.state('connected'); }
      this.h.onFrame(f);
    };
    ws.onclose = e => {
      clearTimeout(guard);
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (this.stopped) return;
      this.state(navigator.onLine === false ? 'offline' : 'reconnecting');
      Promise.resolve(this.h.onClose(e.code, e.reason)).then(d => {
        if (this.stopped || d === 'stop') return;
        if (d === 'now') this.connect(); else this.retry();
      });
    };
  }

  retry() {
    if (this.stopped || this.timer) return;
    const cap = Math.min(15000, 500 * 2 ** Math.min(this.attempt++, 5));
    this.timer = setTimeout(() => this.connect(), cap / 2 + Math.random() * cap / 2);
  }

  // Sends a frame if the socket is open and welcomed; returns whether it went out.
  send(frame) {
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    const ws = this.ws;
    this.ws = null;
    if (ws) try { ws.close(CLOSE.NORMAL); } catch { /* already closed */ }
  }
}
