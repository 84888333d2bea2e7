// The notice shown when a room sends the visitor away: data-testid=banner, data-reason = one of the keys below.
import { h } from './dom.js';

export const BANNERS = {
  'destroyed': ['Room destroyed', 'All messages were permanently deleted.'],
  'expired': ['Room expired', 'Its time ran out. All messages were permanently deleted.'],
  // The server answers a wrong key exactly like a missing room (a room id alone must not tell), so this names both.
  'not-found': ['This room does not exist or the link is wrong', 'It expired, was destroyed or never existed, or the key after the # does not open it.'],
  'full': ['Room full', 'Every seat in that room is taken.'],
  'bad-link': ['This link is incomplete or wrong', 'The key after the # is missing or damaged. Ask for the full link again.'],
};

export function banner(reason, onClose) {
  const [title, text] = BANNERS[reason];
  return h('div', { class: `banner ${reason === 'full' || reason === 'bad-link' ? 'warn' : ''}`, tid: 'banner', 'data-reason': reason, role: 'alert' },
    h('strong', { text: title }), h('span', { text: ` ${text}` }),
    onClose && h('button', { class: 'x', type: 'button', 'aria-label': 'Dismiss', text: '×', onclick: onClose }));
}
