// Entry point of the page: routes by location.pathname ("/" lobby, "/r/{roomId}" room) and re-routes on
// history changes. Each view returns a teardown function that is called before the next view renders.
// The two views are loaded on demand, so a first visit downloads only the code of the page it opens.
import { h } from './dom.js';

const root = document.getElementById('app');
let teardown = null, seq = 0;

export function navigate(url, replace = false) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  route();
}

async function route() {
  const my = ++seq;
  if (teardown) try { teardown(); } catch { /* a view failing to clean up must not block the next */ }
  teardown = null;
  root.replaceChildren();
  document.title = 'Vanish';
  if (!globalThis.crypto?.subtle) {
    root.append(h('section', { class: 'screen' },
      h('h1', { text: 'Secure context needed' }),
      h('p', { class: 'dim', text: 'Vanish encrypts in your browser with WebCrypto, which browsers only allow over HTTPS (or on localhost).' })));
    return;
  }
  const m = /^\/r\/([^/]+)\/?$/.exec(location.pathname);
  let roomId = null;
  // A malformed escape (/r/%) makes decodeURIComponent throw: such a link is wrong, so the lobby says so.
  if (m) try { roomId = decodeURIComponent(m[1]); } catch { return navigate('/?gone=not-found', true); }
  const view = m ? await import('./room.js') : await import('./lobby.js');
  if (my !== seq) return; // another navigation happened while the module loaded
  teardown = m ? view.renderRoom(root, roomId, navigate) : view.renderLobby(root, navigate);
}

addEventListener('popstate', route);
route();
