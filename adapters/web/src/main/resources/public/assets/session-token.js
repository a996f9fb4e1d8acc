// The page's token: taken from the URL (?token= or #token=), kept in sessionStorage, and a small
// sign-in panel for when there is none or the relay refused it.
import { decodeJwtPayload, tokenExpiresAt } from '/client/progress-relay.js';
import { formatClock } from './format.js';

const memory = new Map(); // when sessionStorage is unavailable (privacy settings)

function load(key) {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

/** Stores `token` for this tab (sessionStorage). */
export function storeToken(key, token) {
  try {
    window.sessionStorage.setItem(key, token);
  } catch {
    memory.set(key, token);
  }
}

/** Forgets the tab's token. */
export function clearToken(key) {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    memory.delete(key);
  }
}

/**
 * The token for this page: one in the URL's query or fragment is stored and then removed from the
 * address bar (so it stays out of history and bookmarks); otherwise the one stored before.
 */
export function takeToken(key) {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const fromUrl = url.searchParams.get('token') ?? fragment.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    fragment.delete('token');
    const hash = fragment.toString();
    window.history.replaceState(null, '', url.pathname + url.search + (hash ? `#${hash}` : ''));
    if (fromUrl.trim() !== '') storeToken(key, fromUrl.trim());
  }
  return load(key);
}

/** The current stored token (e.g. for the client's token callback). */
export function currentToken(key) {
  return load(key);
}

/** What the page shows about a token: subject, roles, expiry; `problem` when unusable. */
export function describeToken(token) {
  const claims = decodeJwtPayload(token);
  if (!claims) return { problem: 'This is not a JWT.' };
  const expiresAt = tokenExpiresAt(token);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  const described = { subject: String(claims.sub ?? ''), roles, expiresAt };
  if (expiresAt !== null && expiresAt <= Date.now()) {
    described.problem = `This token expired at ${formatClock(new Date(expiresAt))}.`;
  }
  return described;
}

/**
 * Wires the sign-in panel of a page (ids token-panel, token-message, token-form, token-input, who,
 * sign-out). `onToken(token)` runs with a usable token; returns { show(message), signedIn(token) }.
 */
export function tokenGate(key, onToken) {
  const panel = document.getElementById('token-panel');
  const message = document.getElementById('token-message');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out');

  const gate = {
    show(text) {
      clearToken(key);
      panel.hidden = false;
      message.textContent = text;
      who.textContent = 'Not signed in';
      signOut.hidden = true;
      input.focus();
    },
    signedIn(token) {
      const described = describeToken(token);
      panel.hidden = true;
      message.textContent = '';
      const roles = described.roles.length ? ` (${described.roles.join(', ')})` : '';
      who.textContent = `Signed in as ${described.subject}${roles}`;
      signOut.hidden = false;
    },
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    const problem = describeToken(token).problem;
    if (problem) {
      message.textContent = problem;
      input.focus();
      return;
    }
    input.value = '';
    storeToken(key, token);
    onToken(token);
  });
  signOut.addEventListener('click', () => {
    gate.show('Signed out. Paste a token to sign in again.');
    onToken(null);
  });
  return gate;
}

/** Starts a page: calls `onToken` with the URL's or stored token, or shows why there is none. */
export function startWithToken(key, gate, onToken, { noneMessage }) {
  const token = takeToken(key);
  if (!token) {
    gate.show(noneMessage);
    return;
  }
  const problem = describeToken(token).problem;
  if (problem) {
    gate.show(`${problem} Get a new one and paste it below.`);
    return;
  }
  onToken(token);
}
