// The console's entry: sign-in with a key kept in this tab's session storage, the three views, and a short poll
// (every 5 s while the tab is visible) that keeps the shown view live.

import { connect } from './api.js';
import { Comments } from './comments.js';
import { byId } from './dom.js';
import { Overview } from './overview.js';
import { Pipeline } from './pipeline.js';

const STORED_KEY = 'feedback-console.api-key';
const POLL_MILLIS = 2000;
const VIEWS = ['overview', 'comments', 'pipeline'];

let views = null;
let current = 'overview';
let timer = null;

/** Checks the key with the API; a key typed in is kept for the tab, a stored one was kept already. */
async function signIn(key, fromStorage = false) {
  const api = connect(key);
  let me;
  try {
    me = await api.get('/v1/key');
  } catch (failure) {
    sessionStorage.removeItem(STORED_KEY);
    byId('sign-in').hidden = false;
    byId('sign-in-error').textContent = failure.status === 401
      ? 'This key is not valid: it is wrong, revoked or expired.'
      : failure.status === 403
        ? 'This key lacks the read scope the console needs.'
        : failure.message;
    return;
  }
  // A stored key is not written back: the tab may have dropped it while the check was on its way.
  if (!fromStorage) sessionStorage.setItem(STORED_KEY, key);
  byId('key').value = '';
  byId('sign-in-error').textContent = '';
  const admin = me.scopes.includes('admin');
  byId('who').textContent = `project ${me.project_id.slice(0, 8)} · key ${me.key_prefix} · ${me.scopes.join(', ')}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  views = { overview: new Overview(api, zone), comments: new Comments(api), pipeline: new Pipeline(api, admin) };
  byId('sign-in').hidden = true;
  byId('views').hidden = false;
  byId('session').hidden = false;
  show(VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview');
}

function signOut(message = '') {
  sessionStorage.removeItem(STORED_KEY);
  clearTimeout(timer);
  views = null;
  for (const view of VIEWS) byId(view).hidden = true;
  byId('views').hidden = true;
  byId('session').hidden = true;
  byId('sign-in').hidden = false;
  byId('sign-in-error').textContent = message;
  byId('key').focus();
}

function show(view) {
  current = view;
  for (const name of VIEWS) byId(name).hidden = name !== view;
  for (const button of document.querySelectorAll('[data-view]')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (location.hash.slice(1) !== view) history.replaceState(null, '', `#${view}`);
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  if (!views || document.hidden) return; // a hidden tab asks nothing; it refreshes when shown again
  try {
    await views[current].refresh();
    byId('updated').textContent = `Updated ${new Date().toLocaleTimeString()}; live every ${POLL_MILLIS / 1000} s.`;
  } catch (failure) {
    if (failure.status === 401) {
      signOut('The key stopped working (revoked or expired). Sign in again.');
      return;
    }
    byId('updated').textContent = `Not updated: ${failure.message}`;
  }
  timer = setTimeout(refresh, POLL_MILLIS);
}

byId('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = byId('key').value.trim();
  if (!key) {
    byId('sign-in-error').textContent = 'Type an API key.';
    return;
  }
  signIn(key);
});
byId('sign-out').addEventListener('click', () => signOut());
for (const button of document.querySelectorAll('[data-view]')) {
  button.addEventListener('click', () => show(button.dataset.view));
}
window.addEventListener('hashchange', () => {
  const view = location.hash.slice(1);
  if (views && VIEWS.includes(view) && view !== current) show(view);
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && views) refresh();
});

const stored = sessionStorage.getItem(STORED_KEY);
if (stored) {
  byId('sign-in').hidden = true; // checking the stored key: no flash of the form
  signIn(stored, true);
} else {
  byId('key').focus();
}
