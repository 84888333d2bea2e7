// Tiny DOM builder used by every view: elements are made with createElement and text with text nodes,
// never innerHTML, so user data can only ever be shown as text.

// h('button', {class, text, tid: 'send', onclick, ...attributes}, ...children)
export function h(tag, props = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'tid') el.dataset.testid = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...kids.flat().filter(c => c != null && c !== false));
  return el;
}

// localStorage / sessionStorage that never throws (private modes, disabled storage).
export const store = {
  get(area, key) { try { return globalThis[area].getItem(key); } catch { return null; } },
  set(area, key, v) { try { globalThis[area].setItem(key, v); } catch { /* storage unavailable */ } },
  del(area, key) { try { globalThis[area].removeItem(key); } catch { /* storage unavailable */ } },
};
