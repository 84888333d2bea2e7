// Entry point of the page: routes by location.pathname ("/" lobby, "/r/{roomId}" room) and re-routes on
// history changes. Each view returns a teardown function that is called before the next view renders.
import { h } from './dom.js';
import { renderLobby } from './lobby.js';
import { renderRoom } from './room.js';

const root = document.getElementById('app');
let teardown = null;

export function navigate(url, replace = false) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  route();
}

function route() {
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
  teardown = m ? renderRoom(root, decodeURIComponent(m[1]), navigate) : renderLobby(root, navigate);
}

addEventListener('popstate', route);
route();
