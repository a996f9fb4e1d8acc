/**
 * Progress Relay reference browser client (ES2020 module, no dependencies).
 *
 * Speaks progress-relay.v2 (docs/protocol.md), negotiated as the socket's subprotocol:
 * first-frame authentication, subscribe/unsubscribe, answers to the server's pings, reconnection
 * with exponential backoff and full jitter, re-subscription after every reconnect (each answer is
 * followed by the upload's latest event), and token refresh before the JWT's `exp` on the open
 * socket. See docs/client.md.
 *
 *   import { ProgressRelayClient } from '/client/progress-relay.js';
 *   const client = new ProgressRelayClient({ token, getToken, onStateChange });
 *   const unsubscribe = client.subscribe('up-42', (event) => console.log(event.action));
 *   client.connect();
 */

/** The connection states reported to `onStateChange`. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

/** What the client does after the server (or the network) closed the socket. */
export const CloseAction = Object.freeze({
  RETRY: 'retry', // exponential backoff with full jitter
  RETRY_NOW: 'retry-now', // at once the first time, then as RETRY
  RETRY_SLOW: 'retry-slow', // a long backoff: the client or its user must change something
  NEW_TOKEN: 'new-token', // reconnect only with a token different from the refused one
  STOP: 'stop', // give up: retrying the same way cannot succeed
});

/** The action for a close code (docs/protocol.md, "Close codes"). */
export function closeActionFor(code) {
  switch (code) {
    case 4002: // token missing
    case 4003: // invalid token / token expired
      return CloseAction.NEW_TOKEN;
    case 4004: // auth frame expected: a client bug, the same client would fail again
      return CloseAction.STOP;
    case 4008: // slow consumer: reconnect at once, re-subscribe
      return CloseAction.RETRY_NOW;
    case 1008: // rate limit, or too many connections of the user
    case 1009: // message too large
      return CloseAction.RETRY_SLOW;
    default: // 1000, 1001 idle, 1006 dropped, 1011, 1012 restart, 1013, 4001 auth timeout, ...
      return CloseAction.RETRY;
  }
}

/** Delay before reconnect attempt `attempt` (0-based): floor + random(0, min(cap, base * 2^n)). */
export function backoffDelay(attempt, { baseMs, capMs, floorMs = 0 }, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return floorMs + Math.floor(random() * ceiling);
}

/** The decoded payload (claims) of a JWT, or null when it is not one. No signature check. */
export function decodeJwtPayload(token) {
  const part = typeof token === 'string' ? token.split('.')[1] : undefined;
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** The token's `exp` in epoch milliseconds, or null when it has none. */
export function tokenExpiresAt(token) {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

/** The upload an event frame is about: top-level `upload_id` or `payload.upload_id`. */
export function uploadIdOf(frame) {
  const id = frame?.upload_id ?? frame?.payload?.upload_id;
  return typeof id === 'string' ? id : null;
}

/** `ws(s)://<this page's host>/ws/uploads`, or `url` (relative, http(s) or ws(s)) made absolute. */
export function socketUrl(url = '/ws/uploads', base = globalThis.location?.href) {
  const absolute = new URL(url, base);
  if (absolute.protocol === 'http:') absolute.protocol = 'ws:';
  if (absolute.protocol === 'https:') absolute.protocol = 'wss:';
  return absolute.href;
}

/** The WebSocket subprotocol this client speaks; a relay that does not select it is refused. */
export const SUBPROTOCOL = 'progress-relay.v2';

const UPLOAD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
// Events of the user:{id} channel: they concern the user, even when they name an upload.
const USER_CHANNEL_ACTIONS = new Set(['batch_progress', 'file_progress']);
const MAX_TIMER_MS = 2 ** 31 - 1;
const CLIENT_CLOSE = 4000; // browsers only let clients send 1000 and 3000..4999

const DEFAULTS = Object.freeze({
  backoff: { baseMs: 1000, capMs: 30_000 },
  slowBackoff: { floorMs: 30_000, baseMs: 30_000, capMs: 300_000 },
  stableAfterMs: 10_000, // a connection up this long resets the backoff
  connectTimeoutMs: 10_000, // open + auth_success, else the attempt counts as failed
  heartbeatMs: 35_000, // silence after which the client pings (the server pings every 30 s)
  heartbeatTimeoutMs: 10_000, // further silence after the client's ping: the socket is dead
  refreshMarginMs: 60_000, // refresh this long before `exp` (at most half the remaining time)
  refreshRetryMs: 15_000, // when the token callback failed or gave the same token
  framesPerSecond: 10, // the relay closes above 20/s (burst 50) with 1008
  frameBurst: 20,
});

/**
 * A reconnecting connection to a Progress Relay. Options:
 * - `url`: socket URL; defaults to `/ws/uploads` on the page's host (wss on https pages).
 * - `token`: the JWT to start with; `getToken({reason, closeCode, closeReason, rejectedToken})`:
 *   async, returns a token (or null). Asked at start without `token` (`initial`), before `exp`
 *   (`refresh`) and after a close with 4002/4003 (`rejected`).
 * - `onStateChange(state, detail)`, `onUserEvent(frame)`, `onError(error)`.
 * - timings and limits as in DEFAULTS; `WebSocket` to substitute the implementation.
 */
export class ProgressRelayClient {
  #options;
  #url;
  #token;
  #getToken;
  #WebSocket;
  #state = State.CLOSED;
  #userId = null;
  #stopped = true;
  #everConnected = false;
  #generation = 0; // bumped by close(): late async continuations of older runs give up
  #attempt = 0;
  #reopenInfo = null; // the close that the scheduled reconnect follows, when it refused a token
  #refusedToken = null; // the last token the relay refused for an in-band refresh

  #active = null; // { ws, token, refreshing } authenticated socket; refreshing: the token offered
  #pending = null; // { ws, token } socket waiting for auth_success
  #timers = new Map(); // name -> timeout id

  #listeners = new Map(); // uploadId -> Set<{ onEvent, onError }>
  #userListeners = new Set();
  #pendingUnsubscribes = new Set();
  #outbox = [];
  #frameTokens;
  #lastRefill = 0;

  constructor(options = {}) {
    this.#options = {
      ...DEFAULTS,
      ...options,
      backoff: { ...DEFAULTS.backoff, ...options.backoff },
      slowBackoff: { ...DEFAULTS.slowBackoff, ...options.slowBackoff },
    };
    this.#url = socketUrl(options.url);
    this.#token = options.token || null;
    this.#getToken = options.getToken || null;
    this.#WebSocket = options.WebSocket || globalThis.WebSocket;
    this.#frameTokens = this.#options.frameBurst;
    if (options.onUserEvent) this.#userListeners.add(options.onUserEvent);
  }

  /** The current State value. */
  get state() {
    return this.#state;
  }

  /** The user id from the last `auth_success`, or null. */
  get userId() {
    return this.#userId;
  }

  /** The socket URL this client connects to. */
  get url() {
    return this.#url;
  }

  /** Starts connecting (and keeps reconnecting) until close(); returns this client. */
  connect() {
    if (!this.#stopped) return this;
    this.#stopped = false;
    this.#attempt = 0;
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#open();
    return this;
  }

  /** Closes the connection for good (until connect() is called again). */
  close() {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#generation += 1;
    globalThis.removeEventListener?.('online', this.#onOnline);
    for (const name of [...this.#timers.keys()]) this.#clearTimer(name);
    for (const socket of [this.#active, this.#pending]) this.#retire(socket, 1000, 'client closed');
    this.#active = this.#pending = null;
    this.#outbox = [];
    this.#setState(State.CLOSED, { byClient: true });
  }

  /**
   * Follows `uploadId`: `onEvent(frame)` gets its event frames (upload_progress, upload_completed,
   * upload_failed, and unknown actions naming it); `onError(frame)` gets error frames naming it
   * (e.g. `not_found`). Returns `unsubscribe({ keepOnServer = false })`: it removes these callbacks
   * and, when they were the upload's last and `keepOnServer` is false, sends unsubscribe_upload.
   */
  subscribe(uploadId, onEvent, { onError } = {}) {
    if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) {
      throw new TypeError(`upload id must be 1..128 chars of [A-Za-z0-9_.:-]: ${uploadId}`);
    }
    const listener = { onEvent, onError };
    let listeners = this.#listeners.get(uploadId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(uploadId, listeners);
      this.#pendingUnsubscribes.delete(uploadId);
      if (this.#active) this.#enqueue({ action: 'subscribe_upload', upload_id: uploadId });
    }
    listeners.add(listener);
    let done = false;
    return ({ keepOnServer = false } = {}) => {
      if (done) return;
      done = true;
      listeners.delete(listener);
      if (listeners.size > 0 || this.#listeners.get(uploadId) !== listeners) return;
      this.#listeners.delete(uploadId);
      if (keepOnServer) return;
      this.#pendingUnsubscribes.add(uploadId);
      if (this.#active) this.#enqueue({ action: 'unsubscribe_upload', upload_id: uploadId });
    };
  }

  /**
   * Adds a listener for the user's own events: batch_progress and file_progress (the user channel),
   * and events of uploads the user follows (e.g. from another tab) that no subscribe() callback
   * of this client takes. Returns a function that removes it.
   */
  onUserEvent(listener) {
    this.#userListeners.add(listener);
    return () => this.#userListeners.delete(listener);
  }

  // ---- connecting -------------------------------------------------------------------------------

  async #open(closeInfo = null) {
    const generation = this.#generation;
    const retrying = this.#everConnected || this.#attempt > 0;
    this.#setState(retrying ? State.RECONNECTING : State.CONNECTING, { attempt: this.#attempt });
    let token = this.#token;
    if (!token) {
      const reason = closeInfo ? 'rejected' : 'initial';
      let fresh;
      try {
        fresh = await this.#askToken({
          reason,
          closeCode: closeInfo?.code,
          closeReason: closeInfo?.reason,
          rejectedToken: closeInfo?.rejectedToken,
        });
      } catch (error) {
        if (generation !== this.#generation) return;
        this.#report({ type: 'token', error });
        this.#scheduleReconnect(CloseAction.RETRY, { ...closeInfo, error });
        return;
      }
      if (generation !== this.#generation) return;
      if (!fresh || fresh === closeInfo?.rejectedToken) {
        this.#halt({ ...closeInfo, authFailed: true, reason: closeInfo?.reason || 'no token' });
        return;
      }
      token = this.#token = fresh;
    }
    this.#pending = this.#startSocket(token);
    this.#setTimer('connect', this.#options.connectTimeoutMs, () => {
      this.#abandon(this.#pending, 'connect timeout');
    });
  }

  #startSocket(token) {
    const ws = new this.#WebSocket(this.#url, [SUBPROTOCOL]);
    const socket = { ws, token, refreshing: null };
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
    ws.onmessage = (event) => this.#onMessage(socket, event.data);
    ws.onclose = (event) => this.#onClose(socket, event.code, event.reason);
    ws.onerror = () => {}; // a close event follows with the details the browser allows
    return socket;
  }

  #onMessage(socket, data) {
    if (socket !== this.#active && socket !== this.#pending) return;
    if (socket === this.#active) this.#armHeartbeat();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      this.#report({ type: 'frame', message: 'a frame that is not JSON', data });
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    const action = frame.action;
    if (socket === this.#pending) {
      if (action === 'auth_success') this.#onAuthenticated(socket, frame);
      else if (action === 'auth_error') socket.authError = frame.message;
      return;
    }
    switch (action) {
      case 'ping':
        this.#sendNow(socket, { action: 'pong' });
        return;
      case 'pong':
      case 'subscribed':
        return;
      case 'unsubscribed':
        if (!this.#listeners.has(frame.upload_id))
          this.#pendingUnsubscribes.delete(frame.upload_id);
        return;
      case 'token_refreshed':
        this.#onTokenRefreshed(socket);
        return;
      case 'error':
        if (frame.code === 'token_rejected' && socket.refreshing) this.#onRefreshRefused(socket, frame);
        else this.#onErrorFrame(frame);
        return;
      default:
        this.#dispatch(frame, action);
    }
  }

  #onAuthenticated(socket, frame) {
    this.#clearTimer('connect');
    this.#active = socket;
    this.#pending = null;
    this.#userId = typeof frame.user_id === 'string' ? frame.user_id : null;
    // Stale frames were meant for the previous socket; the subscriptions are re-sent below.
    this.#outbox = [];
    for (const uploadId of this.#listeners.keys()) {
      this.#enqueue({ action: 'subscribe_upload', upload_id: uploadId });
    }
    for (const uploadId of this.#pendingUnsubscribes) {
      this.#enqueue({ action: 'unsubscribe_upload', upload_id: uploadId });
    }
    this.#armHeartbeat();
    this.#scheduleRefresh(socket.token);
    this.#everConnected = true;
    this.#setTimer('stable', this.#options.stableAfterMs, () => (this.#attempt = 0));
    this.#setState(State.CONNECTED, { userId: this.#userId });
  }

  #onClose(socket, code, reason) {
    if (socket !== this.#active && socket !== this.#pending) return;
    const info = { code, reason: socket.authError || reason };
    this.#outbox = [];
    for (const name of ['stable', 'heartbeat', 'refresh', 'drain']) this.#clearTimer(name);
    this.#active = this.#pending = null;
    this.#clearTimer('connect');
    if (this.#stopped) return;
    const action = closeActionFor(code);
    if (action === CloseAction.STOP) {
      this.#halt(info);
    } else if (action === CloseAction.NEW_TOKEN) {
      if (this.#token === socket.token) this.#token = null;
      this.#scheduleReconnect(CloseAction.RETRY, { ...info, rejectedToken: socket.token });
    } else {
      this.#scheduleReconnect(action, info);
    }
  }

  #scheduleReconnect(action, info) {
    const { backoff, slowBackoff } = this.#options;
    let delayMs;
    if (action === CloseAction.RETRY_NOW && this.#attempt === 0) delayMs = 0;
    else
      delayMs = backoffDelay(
        this.#attempt,
        action === CloseAction.RETRY_SLOW ? slowBackoff : backoff,
      );
    const attempt = ++this.#attempt;
    const { rejectedToken, ...shown } = info;
    this.#setState(State.RECONNECTING, { ...shown, delayMs, attempt });
    this.#reopenInfo = rejectedToken ? info : null;
    this.#setTimer('reconnect', delayMs, () => this.#open(this.#reopenInfo));
  }

  #halt(info) {
    const { rejectedToken, ...shown } = info;
    this.#stopped = true;
    this.#generation += 1;
    globalThis.removeEventListener?.('online', this.#onOnline);
    for (const name of [...this.#timers.keys()]) this.#clearTimer(name);
    this.#setState(State.CLOSED, shown);
  }

  // The browser may take minutes to notice a dead TCP connection: drop it and carry on at once.
  #abandon(socket, reason) {
    if (!socket) return;
    this.#retire(socket, CLIENT_CLOSE, reason);
    this.#onClose(socket, 1006, reason);
  }

  #retire(socket, code, reason) {
    if (!socket) return;
    const { ws } = socket;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close(code, reason);
    } catch {
      // already closing
    }
  }

  // Back online: skip the rest of the backoff.
  #onOnline = () => {
    if (this.#timers.has('reconnect') && !this.#stopped) {
      this.#clearTimer('reconnect');
      this.#open(this.#reopenInfo);
    }
  };

  // ---- liveness and token refresh ---------------------------------------------------------------

  #armHeartbeat() {
    const socket = this.#active;
    this.#setTimer('heartbeat', this.#options.heartbeatMs, () => {
      this.#sendNow(socket, { action: 'ping' });
      this.#setTimer('heartbeat', this.#options.heartbeatTimeoutMs, () => {
        this.#abandon(socket, 'heartbeat timeout');
      });
    });
  }

  #scheduleRefresh(token) {
    const expiresAt = tokenExpiresAt(token);
    if (!this.#getToken || expiresAt === null) return;
    const remaining = expiresAt - Date.now();
    const margin = Math.min(this.#options.refreshMarginMs, Math.max(remaining, 0) / 2);
    const delay = Math.max(remaining - margin, 1000);
    this.#setTimer('refresh', Math.min(delay, MAX_TIMER_MS), () => {
      if (delay > MAX_TIMER_MS) this.#scheduleRefresh(token);
      else this.#refresh();
    });
  }

  // In band: the new token goes to the open socket as an auth frame; the relay answers
  // token_refreshed (the socket now lives until the new exp) or the error token_rejected.
  async #refresh() {
    const active = this.#active;
    const generation = this.#generation;
    if (!active || active.refreshing) return;
    let token;
    try {
      token = await this.#askToken({ reason: 'refresh' });
    } catch (error) {
      this.#report({ type: 'token', error });
    }
    if (generation !== this.#generation || active !== this.#active) return;
    if (!token || token === active.token || token === this.#refusedToken) {
      this.#setTimer('refresh', this.#options.refreshRetryMs, () => this.#refresh());
      return;
    }
    active.refreshing = token;
    this.#sendNow(active, { type: 'auth', token });
    // Without an answer in time, ask again (the socket may be about to drop anyway).
    this.#setTimer('refresh', this.#options.refreshRetryMs, () => {
      active.refreshing = null;
      this.#refresh();
    });
  }

  #onTokenRefreshed(socket) {
    if (!socket.refreshing) return;
    socket.token = this.#token = socket.refreshing;
    socket.refreshing = null;
    this.#scheduleRefresh(socket.token);
  }

  // The socket keeps its current token and closes at its exp unless a later refresh succeeds.
  #onRefreshRefused(socket, frame) {
    this.#refusedToken = socket.refreshing;
    socket.refreshing = null;
    this.#report({ type: 'refresh', code: frame.code, reason: frame.message });
    this.#setTimer('refresh', this.#options.refreshRetryMs, () => this.#refresh());
  }

  async #askToken(request) {
    if (!this.#getToken) return null;
    const token = await this.#getToken(request);
    return typeof token === 'string' && token.length > 0 ? token : null;
  }

  // ---- sending, paced below the relay's rate limit ------------------------------------------------

  #enqueue(frame) {
    this.#outbox.push(frame);
    this.#drain();
  }

  #drain() {
    const socket = this.#active;
    if (!socket || this.#timers.has('drain')) return;
    const { framesPerSecond, frameBurst } = this.#options;
    const now = Date.now();
    this.#frameTokens = Math.min(
      frameBurst,
      this.#frameTokens + ((now - this.#lastRefill) / 1000) * framesPerSecond,
    );
    this.#lastRefill = now;
    while (this.#outbox.length > 0 && this.#frameTokens >= 1) {
      this.#frameTokens -= 1;
      this.#sendNow(socket, this.#outbox.shift());
    }
    if (this.#outbox.length > 0) {
      const wait = Math.ceil(((1 - this.#frameTokens) / framesPerSecond) * 1000);
      this.#setTimer('drain', wait, () => {
        this.#timers.delete('drain');
        this.#drain();
      });
    }
  }

  #sendNow(socket, frame) {
    if (socket?.ws.readyState === 1) socket.ws.send(JSON.stringify(frame));
  }

  // ---- delivering ---------------------------------------------------------------------------------

  #dispatch(frame, action) {
    if (!USER_CHANNEL_ACTIONS.has(action)) {
      const listeners = this.#listeners.get(uploadIdOf(frame));
      if (listeners?.size) {
        for (const listener of [...listeners]) this.#call(listener.onEvent, frame);
        return;
      }
    }
    for (const listener of [...this.#userListeners]) this.#call(listener, frame);
  }

  #onErrorFrame(frame) {
    const listeners = this.#listeners.get(frame.upload_id);
    for (const listener of [...(listeners ?? [])]) this.#call(listener.onError, frame);
    this.#report({ type: 'server', code: frame.code, message: frame.message, frame });
  }

  #report(error) {
    this.#call(this.#options.onError, error);
  }

  #setState(state, detail = {}) {
    this.#state = state;
    this.#call(this.#options.onStateChange, state, detail);
  }

  // A throwing callback must not break the client; the error still reaches the console.
  #call(callback, ...args) {
    if (typeof callback !== 'function') return;
    try {
      callback(...args);
    } catch (error) {
      if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
      else
        setTimeout(() => {
          throw error;
        });
    }
  }

  #setTimer(name, delayMs, run) {
    this.#clearTimer(name);
    this.#timers.set(
      name,
      setTimeout(() => {
        this.#timers.delete(name);
        run();
      }, delayMs),
    );
  }

  #clearTimer(name) {
    clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }
}

/** Shorthand for `new ProgressRelayClient(options).connect()`. */
export function connectProgressRelay(options) {
  return new ProgressRelayClient(options).connect();
}
