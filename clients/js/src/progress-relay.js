/**
 * Progress Relay reference browser client (ES2020 module, no dependencies).
 *
 * Speaks progress-relay.v3 (docs/protocol.md), negotiated as the socket's subprotocol, and
 * progress-relay.v2 with relays that do not offer v3: first-frame authentication,
 * subscribe/unsubscribe, answers to the server's pings, reconnection with exponential backoff and
 * full jitter, token refresh before the JWT's `exp` on the open socket, and (v3) resuming after
 * every reconnect from the last position it received, without duplicates, with gaps reported.
 * When WebSockets cannot connect it falls back to the relay's Server-Sent Events stream
 * (docs/sse.md). See docs/client.md. The npm package @progress-relay/client (clients/js) is its
 * source; the relay serves a copy at /client/progress-relay.js. Types: clients/js/types/.
 *
 *   import { ProgressRelayClient } from '@progress-relay/client'; // or '/client/progress-relay.js'
 *   const client = new ProgressRelayClient({ token, getToken, onStateChange, onGap });
 *   const unsubscribe = client.subscribe('up-42', (event, info) => console.log(event.action));
 *   client.connect();
 */

/** The connection states reported to `onStateChange`. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

/** How the client reaches the relay: a WebSocket, or the Server-Sent Events stream. */
export const Transport = Object.freeze({
  WEBSOCKET: 'websocket',
  SSE: 'sse',
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

/** The relay's HTTP origin (`http(s)://host:port`) for a socket URL. */
export function httpOrigin(socket) {
  const absolute = new URL(socket);
  if (absolute.protocol === 'ws:') absolute.protocol = 'http:';
  if (absolute.protocol === 'wss:') absolute.protocol = 'https:';
  return absolute.origin;
}

/**
 * A position as the relay writes it (docs/protocol.md, "Positions"): `"<epoch>:<n>"` (pub/sub
 * mode) or `"<ms>-<seq>"` (a stream entry id, epoch ''); null for anything else. Numbers stay
 * strings of digits: they may exceed what a JavaScript number holds exactly.
 */
export function parsePosition(text) {
  if (typeof text !== 'string') return null;
  let match = /^([A-Za-z0-9]{1,32}):(\d{1,19})$/.exec(text);
  if (match) return { epoch: match[1], major: digits(match[2]), minor: '0' };
  match = /^(\d{1,19})-(\d{1,19})$/.exec(text);
  if (match) return { epoch: '', major: digits(match[1]), minor: digits(match[2]) };
  return null;
}

/**
 * Orders two positions of one epoch: negative, 0 or positive; null when they do not compare
 * (different epochs, e.g. another relay run in pub/sub mode, or either is not a position).
 */
export function comparePositions(a, b) {
  const left = typeof a === 'string' ? parsePosition(a) : a;
  const right = typeof b === 'string' ? parsePosition(b) : b;
  if (!left || !right || left.epoch !== right.epoch) return null;
  return compareDigits(left.major, right.major) || compareDigits(left.minor, right.minor);
}

// Whether `position` is at or before `last` of the same epoch (null when either is missing).
function notAfter(position, last) {
  const order = position === null || last === null ? null : comparePositions(position, last);
  return order !== null && order <= 0;
}

function digits(text) {
  return text.replace(/^0+(?=\d)/, '');
}

function compareDigits(a, b) {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The WebSocket subprotocols the client offers, newest first; the relay selects one. */
export const SUBPROTOCOLS = Object.freeze(['progress-relay.v3', 'progress-relay.v2']);

/** The newest subprotocol this client speaks (it also speaks progress-relay.v2). */
export const SUBPROTOCOL = SUBPROTOCOLS[0];

const V3 = 'progress-relay.v3';
const UPLOAD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
// Events of the user:{id} channel: they concern the user, even when they name an upload.
const USER_CHANNEL_ACTIONS = new Set(['batch_progress', 'file_progress']);
const MAX_TIMER_MS = 2 ** 31 - 1;
const CLIENT_CLOSE = 4000; // browsers only let clients send 1000 and 3000..4999
const MAX_REPLAYS_REMEMBERED = 200; // per channel, latest states seen since its last live event
const MAX_CHANNELS_REMEMBERED = 5000; // the least recently heard are forgotten beyond this

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
  transport: 'auto', // 'auto' | 'websocket' | 'sse'
  fallbackAfterFailures: 3, // WebSocket attempts that never opened before trying SSE ('auto')
  subscribeRetryMs: { baseMs: 2000, capMs: 30_000 }, // REST subscribe retries (SSE)
});

/**
 * A reconnecting connection to a Progress Relay. Options:
 * - `url`: socket URL; defaults to `/ws/uploads` on the page's host (wss on https pages).
 * - `token`: the JWT to start with; `getToken({reason, closeCode, closeReason, rejectedToken})`:
 *   async, returns a token (or null). Asked at start without `token` (`initial`), before `exp`
 *   (`refresh`) and after a close with 4002/4003 (`rejected`).
 * - `onStateChange(state, detail)`, `onUserEvent(frame, info)`, `onError(error)`,
 *   `onGap(channel, reason, info)`, `onCaughtUp(summary)`.
 * - `resumeFrom`: a position to resume from at the first connection (v3); none by default.
 * - `transport` ('auto', 'websocket' or 'sse'), `fallbackAfterFailures`, `sseUrl`, `apiUrl`.
 * - timings and limits as in DEFAULTS; `WebSocket`, `EventSource` and `fetch` to substitute the
 *   implementations.
 */
export class ProgressRelayClient {
  #options;
  #url;
  #apiUrl;
  #sseUrl;
  #token;
  #getToken;
  #WebSocket;
  #EventSource;
  #fetch;
  #state = State.CLOSED;
  #userId = null;
  #stopped = true;
  #everConnected = false;
  #generation = 0; // bumped by close(): late async continuations of older runs give up
  #attempt = 0;
  #reopenInfo = null; // the close that the scheduled reconnect follows, when it refused a token
  #refusedToken = null; // the last token the relay refused for an in-band refresh

  #active = null; // the authenticated connection (see #startSocket, #startStream)
  #pending = null; // the connection waiting for auth_success
  #timers = new Map(); // name -> timeout id

  // Choosing the transport.
  #webSocketOpened = false; // a WebSocket of this client ever opened
  #webSocketFailures = 0; // consecutive WebSocket attempts that never opened
  #webSocketUnusable = false; // the constructor threw, or there is no WebSocket
  #streamWorked = false; // the SSE fallback authenticated: stay on it
  #lastTransport = null;
  #protocol = null; // the negotiated subprotocol (or 'sse') of the last authenticated connection

  // Resuming (v3 and SSE): docs/protocol.md, "The client's resume point".
  #resumePoint = null;
  #channels = new Map(); // channel -> { last, confirmed, lastData, replays: Set }

  #listeners = new Map(); // uploadId -> Set<{ onEvent, onError, onGap }>
  #confirmed = new Set(); // uploads the relay confirmed subscribing to (answer or REST)
  #restSubscribing = new Map(); // uploadId -> retry attempt, while a REST subscribe runs (SSE)
  #userListeners = new Set();
  #gapListeners = new Set();
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
      subscribeRetryMs: { ...DEFAULTS.subscribeRetryMs, ...options.subscribeRetryMs },
    };
    this.#url = socketUrl(options.url);
    this.#apiUrl = options.apiUrl
      ? new URL(options.apiUrl, globalThis.location?.href).origin
      : httpOrigin(this.#url);
    this.#sseUrl = new URL(options.sseUrl || '/api/events', `${this.#apiUrl}/`).href;
    this.#token = options.token || null;
    this.#getToken = options.getToken || null;
    this.#WebSocket = options.WebSocket || globalThis.WebSocket;
    this.#EventSource = options.EventSource || globalThis.EventSource;
    this.#fetch = options.fetch || globalThis.fetch?.bind(globalThis);
    this.#resumePoint = typeof options.resumeFrom === 'string' ? options.resumeFrom : null;
    this.#frameTokens = this.#options.frameBurst;
    if (typeof this.#WebSocket !== 'function') this.#webSocketUnusable = true;
    if (options.onUserEvent) this.#userListeners.add(options.onUserEvent);
    if (options.onGap) this.#gapListeners.add(options.onGap);
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

  /** The Server-Sent Events URL of the fallback (without token). */
  get sseUrl() {
    return this.#sseUrl;
  }

  /** The transport of the current (or last) connection: Transport.WEBSOCKET, SSE, or null. */
  get transport() {
    return this.#lastTransport;
  }

  /** The protocol of the last authenticated connection: a subprotocol name, or 'sse'; or null. */
  get protocol() {
    return this.#protocol;
  }

  /** Where the next connection resumes from (v3 and SSE): a position, or null. */
  get resumePoint() {
    return this.#resumePoint;
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

  /**
   * Drops the current connection and connects again at once, resuming where it stood (as after
   * a network drop). Does nothing when the client is not running.
   */
  reconnect() {
    if (this.#stopped) return;
    const socket = this.#active || this.#pending;
    if (socket) {
      this.#attempt = 0;
      this.#retire(socket, CLIENT_CLOSE, 'reconnect requested');
      socket.reconnectNow = true;
      this.#onClose(socket, CLIENT_CLOSE, 'reconnect requested');
    } else if (this.#timers.has('reconnect')) {
      this.#onOnline();
    }
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
    this.#restSubscribing.clear();
    this.#setState(State.CLOSED, { byClient: true });
  }

  /**
   * Follows `uploadId`: `onEvent(frame, info)` gets its event frames (upload_progress,
   * upload_completed, upload_failed, and unknown actions naming it), `info` telling whether the
   * frame is a replayed latest state (`info.latest`); `onError(frame)` gets error frames naming it
   * (e.g. `not_found`); `onGap(reason, info)` hears that events of it may have been missed (its
   * latest state follows). Returns `unsubscribe({ keepOnServer = false })`: it removes these
   * callbacks and, when they were the upload's last and `keepOnServer` is false, ends the
   * subscription on the relay.
   */
  subscribe(uploadId, onEvent, { onError, onGap } = {}) {
    if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) {
      throw new TypeError(`upload id must be 1..128 chars of [A-Za-z0-9_.:-]: ${uploadId}`);
    }
    const listener = { onEvent, onError, onGap };
    let listeners = this.#listeners.get(uploadId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(uploadId, listeners);
      this.#pendingUnsubscribes.delete(uploadId);
      this.#startFollowing(uploadId);
    }
    listeners.add(listener);
    let done = false;
    return ({ keepOnServer = false } = {}) => {
      if (done) return;
      done = true;
      listeners.delete(listener);
      if (listeners.size > 0 || this.#listeners.get(uploadId) !== listeners) return;
      this.#listeners.delete(uploadId);
      this.#restSubscribing.delete(uploadId);
      if (keepOnServer) return;
      this.#confirmed.delete(uploadId);
      this.#stopFollowing(uploadId);
    };
  }

  /**
   * Adds a listener for the user's own events: batch_progress and file_progress (the user channel),
   * and events of uploads the user follows (e.g. from another tab) that no subscribe() callback
   * of this client takes. It gets `(frame, info)`. Returns a function that removes it.
   */
  onUserEvent(listener) {
    this.#userListeners.add(listener);
    return () => this.#userListeners.delete(listener);
  }

  /**
   * Adds a listener for gaps (v3 and SSE): `listener(channel, reason, info)` when events of
   * `channel` (`upload:{id}` or `user:{id}`) may have been missed; the channel's latest state
   * follows as events marked `info.latest`. Returns a function that removes it.
   */
  onGap(listener) {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
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
    const transport = this.#chooseTransport();
    this.#lastTransport = transport;
    this.#pending =
      transport === Transport.SSE ? this.#startStream(token) : this.#startSocket(token);
    if (!this.#pending) {
      // A constructor threw (a WebSocket blocked by policy: the next attempt uses SSE).
      const reason = transport === Transport.SSE ? 'no event stream' : 'no WebSocket';
      this.#scheduleReconnect(CloseAction.RETRY_NOW, { code: 1006, reason });
      return;
    }
    this.#setTimer('connect', this.#options.connectTimeoutMs, () => {
      this.#abandon(this.#pending, 'connect timeout');
    });
  }

  // 'auto': WebSocket until it failed `fallbackAfterFailures` times without ever opening, then
  // SSE, alternating while neither has worked (the relay may just be down), and SSE for good once
  // a stream authenticated.
  #chooseTransport() {
    const { transport, fallbackAfterFailures } = this.#options;
    const streams = typeof this.#EventSource === 'function';
    if (transport === Transport.SSE) return Transport.SSE;
    if (transport === Transport.WEBSOCKET || !streams) return Transport.WEBSOCKET;
    if (this.#webSocketUnusable || this.#streamWorked) return Transport.SSE;
    if (this.#webSocketOpened || this.#webSocketFailures < fallbackAfterFailures) {
      return Transport.WEBSOCKET;
    }
    return this.#lastTransport === Transport.SSE ? Transport.WEBSOCKET : Transport.SSE;
  }

  #startSocket(token) {
    let ws;
    try {
      ws = new this.#WebSocket(this.#url, [...SUBPROTOCOLS]);
    } catch (error) {
      this.#webSocketUnusable = true;
      this.#report({ type: 'transport', message: 'the WebSocket could not be created', error });
      return null;
    }
    const socket = this.#connection(Transport.WEBSOCKET, token, { ws });
    ws.onopen = () => {
      socket.opened = true;
      this.#webSocketOpened = true;
      this.#webSocketFailures = 0;
      socket.protocol = ws.protocol || SUBPROTOCOLS[1];
      socket.resumes = socket.protocol === V3;
      const auth = { type: 'auth', token };
      if (socket.resumes && this.#resumable()) auth.since = socket.since = this.#resumePoint;
      ws.send(JSON.stringify(auth));
    };
    ws.onmessage = (event) => this.#onMessage(socket, event.data);
    ws.onclose = (event) => this.#onClose(socket, event.code, event.reason);
    ws.onerror = () => {}; // a close event follows with the details the browser allows
    return socket;
  }

  // The Server-Sent Events stream: the token in the URL (EventSource cannot set headers), the
  // resume point as `since`. The client reopens streams itself (a fresh token, its own backoff)
  // rather than letting EventSource retry with the URL it has.
  #startStream(token) {
    const url = new URL(this.#sseUrl);
    url.searchParams.set('token', token);
    const stream = this.#connection(Transport.SSE, token, { protocol: 'sse', resumes: true });
    if (this.#resumable()) url.searchParams.set('since', (stream.since = this.#resumePoint));
    let source;
    try {
      source = new this.#EventSource(url.href);
    } catch (error) {
      this.#report({ type: 'transport', message: 'the event stream could not be opened', error });
      return null;
    }
    stream.source = source;
    source.onopen = () => (stream.opened = true);
    source.onmessage = (message) => this.#onMessage(stream, message.data);
    source.onerror = () => this.#onStreamError(stream);
    return stream;
  }

  // A resume point the relay would refuse (only `resumeFrom` can give one) is not sent.
  #resumable() {
    return parsePosition(this.#resumePoint) !== null;
  }

  #connection(transport, token, fields) {
    return {
      transport,
      token,
      refreshing: null,
      protocol: null,
      resumes: false,
      opened: false,
      since: null, // the resume point this connection was opened with
      caughtUp: false,
      recovered: 0, // events the catch-up delivered (new to this client)
      replayed: 0, // latest states the catch-up delivered
      gaps: [], // gaps the catch-up reported
      gapped: new Set(), // channels with a gap reported and no live event since
      ...fields,
    };
  }

  // EventSource hides why a stream failed; a token the REST API refuses is the likely cause when
  // it never authenticated, so that case is treated as the socket's 4003.
  async #onStreamError(stream) {
    if (stream !== this.#active && stream !== this.#pending) return;
    const authenticated = stream === this.#active;
    this.#retire(stream);
    const generation = this.#generation;
    let code = 1006;
    let reason = authenticated ? 'event stream ended' : 'event stream failed';
    if (!authenticated) {
      const expiresAt = tokenExpiresAt(stream.token);
      if (expiresAt !== null && expiresAt <= Date.now()) {
        code = 4003;
        reason = 'token expired';
      } else if (await this.#tokenRefused(stream.token)) {
        code = 4003;
        reason = 'invalid token';
      }
    }
    if (generation === this.#generation) this.#onClose(stream, code, reason);
  }

  async #tokenRefused(token) {
    if (!this.#fetch) return false;
    try {
      const response = await this.#fetch(`${this.#apiUrl}/api/subscriptions?limit=1`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return response.status === 401;
    } catch {
      return false;
    }
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
        return;
      case 'subscribed':
        if (this.#listeners.has(frame.upload_id)) this.#confirmed.add(frame.upload_id);
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
        if (!socket.resumes) this.#dispatch(frame, action, socket);
        else if (action === 'event') this.#onEnvelope(socket, frame);
        else if (action === 'caught_up') this.#onCaughtUp(socket, frame);
        else if (action === 'gap') this.#onGapFrame(socket, frame);
      // v3 frames the client does not know yet are ignored: the protocol may add some.
    }
  }

  #onAuthenticated(socket, frame) {
    this.#clearTimer('connect');
    this.#active = socket;
    this.#pending = null;
    this.#userId = typeof frame.user_id === 'string' ? frame.user_id : null;
    this.#protocol = socket.protocol;
    // Stale frames were meant for the previous socket; the subscriptions are re-sent below.
    this.#outbox = [];
    if (socket.transport === Transport.SSE) {
      if (this.#options.transport !== Transport.SSE) this.#streamWorked = true;
      for (const uploadId of this.#listeners.keys()) this.#restSubscribe(uploadId);
    } else {
      // v3 re-subscribes after the catch-up (#onCaughtUp), since the positions it gives.
      if (!socket.resumes) {
        for (const uploadId of this.#listeners.keys()) {
          this.#enqueue({ action: 'subscribe_upload', upload_id: uploadId });
        }
      }
      for (const uploadId of this.#pendingUnsubscribes) {
        this.#enqueue({ action: 'unsubscribe_upload', upload_id: uploadId });
      }
    }
    this.#armHeartbeat();
    this.#scheduleRefresh(socket.token);
    this.#everConnected = true;
    this.#setTimer('stable', this.#options.stableAfterMs, () => (this.#attempt = 0));
    if (socket.swapped && this.#state === State.CONNECTED) return; // a stream's token refresh
    this.#setState(State.CONNECTED, {
      userId: this.#userId,
      transport: socket.transport,
      protocol: socket.protocol,
      resumingFrom: socket.since,
    });
  }

  #onClose(socket, code, reason) {
    if (socket !== this.#active && socket !== this.#pending) return;
    const info = { code, reason: socket.authError || reason };
    if (socket.transport === Transport.WEBSOCKET && !socket.opened && !socket.reconnectNow) {
      this.#webSocketFailures += 1;
    }
    this.#outbox = [];
    for (const name of ['stable', 'heartbeat', 'refresh', 'drain']) this.#clearTimer(name);
    this.#active = this.#pending = null;
    this.#clearTimer('connect');
    if (this.#stopped) return;
    const action = socket.reconnectNow ? CloseAction.RETRY_NOW : closeActionFor(code);
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
    if (socket.source) {
      const { source } = socket;
      source.onopen = source.onmessage = source.onerror = null;
      source.close();
      return;
    }
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
    const { heartbeatMs, heartbeatTimeoutMs } = this.#options;
    if (socket.transport === Transport.SSE) {
      // A stream only receives: the relay's pings (every 30 s) are its heartbeat.
      this.#setTimer('heartbeat', heartbeatMs + heartbeatTimeoutMs, () => {
        this.#abandon(socket, 'heartbeat timeout');
      });
      return;
    }
    this.#setTimer('heartbeat', heartbeatMs, () => {
      this.#sendNow(socket, { action: 'ping' });
      this.#setTimer('heartbeat', heartbeatTimeoutMs, () => {
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
  // A stream cannot be told: it is replaced by one opened with the new token, resuming.
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
    if (active.transport === Transport.SSE) {
      this.#replaceStream(active, token);
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

  #replaceStream(old, token) {
    this.#token = token;
    this.#retire(old);
    this.#active = null;
    for (const name of ['heartbeat', 'refresh']) this.#clearTimer(name);
    const stream = this.#startStream(token);
    if (!stream) {
      this.#scheduleReconnect(CloseAction.RETRY, { code: 1006, reason: 'event stream failed' });
      return;
    }
    stream.swapped = true;
    this.#pending = stream;
    this.#setTimer('connect', this.#options.connectTimeoutMs, () => {
      this.#abandon(this.#pending, 'connect timeout');
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

  // ---- subscribing: frames on a socket, the REST API beside a stream --------------------------------

  #startFollowing(uploadId) {
    const active = this.#active;
    if (!active) {
      // Sent once authenticated: by #onAuthenticated, or after the v3 catch-up.
    } else if (active.transport === Transport.SSE) {
      this.#restSubscribe(uploadId);
    } else if (!active.resumes || active.caughtUp) {
      this.#enqueue({ action: 'subscribe_upload', upload_id: uploadId });
    }
  }

  #stopFollowing(uploadId) {
    if (this.#lastTransport === Transport.SSE && !this.#stopped) {
      this.#rest('DELETE', uploadId).catch(() => {}); // a failure leaves the subscription's TTL
      return;
    }
    this.#pendingUnsubscribes.add(uploadId);
    if (this.#active) this.#enqueue({ action: 'unsubscribe_upload', upload_id: uploadId });
  }

  // POST /api/uploads/{id}/subscription; the stream then delivers the upload's latest event.
  async #restSubscribe(uploadId, attempt = 0) {
    if (this.#confirmed.has(uploadId) || this.#restSubscribing.get(uploadId) > attempt) return;
    if (attempt === 0 && this.#restSubscribing.has(uploadId)) return;
    this.#restSubscribing.set(uploadId, attempt);
    const generation = this.#generation;
    let response = null;
    let body = null;
    try {
      response = await this.#rest('POST', uploadId);
      body = await response.json().catch(() => null);
    } catch {
      // the network: retried below
    }
    if (generation !== this.#generation || !this.#listeners.has(uploadId)) return;
    if (this.#restSubscribing.get(uploadId) !== attempt) return;
    if (response?.ok) {
      this.#restSubscribing.delete(uploadId);
      this.#confirmed.add(uploadId);
      return;
    }
    const status = response?.status ?? 0;
    if (status === 0 || status >= 500 || status === 401) {
      // Down, restarting, or a token about to be replaced: try again.
      const delay = backoffDelay(attempt, { floorMs: 500, ...this.#options.subscribeRetryMs });
      this.#restSubscribing.set(uploadId, attempt + 1);
      setTimeout(() => {
        if (this.#restSubscribing.get(uploadId) === attempt + 1) {
          this.#restSubscribing.delete(uploadId);
          this.#restSubscribe(uploadId, attempt + 1);
        }
      }, delay);
      if (status !== 0 && status < 500) this.#report({ type: 'token', status });
      return;
    }
    this.#restSubscribing.delete(uploadId);
    const code = body?.error?.code ?? `http_${status}`;
    const message = body?.error?.message ?? `subscribing answered ${status}`;
    this.#onErrorFrame({ action: 'error', code, message, upload_id: uploadId });
  }

  #rest(method, uploadId) {
    if (!this.#fetch) return Promise.reject(new Error('no fetch'));
    return this.#fetch(
      `${this.#apiUrl}/api/uploads/${encodeURIComponent(uploadId)}/subscription`,
      { method, headers: { Authorization: `Bearer ${this.#token}` } },
    );
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
    if (socket?.ws?.readyState === 1) socket.ws.send(JSON.stringify(frame));
  }

  // ---- resuming (v3, SSE) ---------------------------------------------------------------------------

  #onEnvelope(socket, frame) {
    const { channel, position, cursor } = frame;
    const data = frame.data;
    if (typeof channel !== 'string' || !data || typeof data !== 'object') {
      this.#report({ type: 'frame', message: 'an event frame without channel or data', frame });
      return;
    }
    const latest = frame.latest === true;
    // The resume point: the cursor, else the position, of the last event frame; never a latest
    // state, never a frame of the catch-up (caught_up moves it).
    if (!latest && socket.caughtUp) {
      const point = typeof cursor === 'string' ? cursor : position;
      if (typeof point === 'string') this.#resumePoint = point;
    }
    if (!this.#isNew(channel, typeof position === 'string' ? position : null, latest, data)) return;
    if (!latest) socket.gapped.delete(channel);
    if (!socket.caughtUp) {
      if (latest) socket.replayed += 1;
      else socket.recovered += 1;
    }
    const info = {
      channel,
      position: typeof position === 'string' ? position : null,
      latest,
      catchUp: !socket.caughtUp,
      transport: socket.transport,
    };
    if (channel.startsWith('upload:')) {
      const listeners = this.#listeners.get(channel.slice('upload:'.length));
      if (listeners?.size) {
        for (const listener of [...listeners]) this.#call(listener.onEvent, data, info);
        return;
      }
    }
    for (const listener of [...this.#userListeners]) this.#call(listener, data, info);
  }

  // De-duplication per channel: an event whose position is not after the last one seen on its
  // channel was delivered already (positions of another epoch do not compare: new). A latest
  // state is new unless its event was seen (a live event at or after it, or the same replay
  // since the channel's last live event); one without a position is compared by its content.
  #isNew(channel, position, latest, data) {
    let seen = this.#channels.get(channel);
    if (seen) {
      this.#channels.delete(channel); // kept in order of use: the first is the least recent
    } else {
      seen = { last: null, confirmed: null, lastData: null, replays: new Set() };
      if (this.#channels.size >= MAX_CHANNELS_REMEMBERED) {
        this.#channels.delete(this.#channels.keys().next().value);
      }
    }
    this.#channels.set(channel, seen);
    const text = JSON.stringify(data);
    if (!latest) {
      if (notAfter(position, seen.last)) return false;
      if (position !== null) seen.last = seen.confirmed = position;
      seen.lastData = text;
      seen.replays.clear();
      return true;
    }
    if (notAfter(position, seen.confirmed)) return false;
    const key = position ?? `data:${text}`;
    if (seen.replays.has(key) || (position === null && text === seen.lastData)) return false;
    if (seen.replays.size >= MAX_REPLAYS_REMEMBERED) seen.replays.clear();
    seen.replays.add(key);
    if (position !== null && !notAfter(position, seen.last)) seen.last = position;
    return true;
  }

  #onCaughtUp(socket, frame) {
    if (socket.caughtUp) return;
    socket.caughtUp = true;
    if (typeof frame.cursor === 'string') this.#resumePoint = frame.cursor;
    this.#call(this.#options.onCaughtUp, {
      since: socket.since,
      cursor: typeof frame.cursor === 'string' ? frame.cursor : null,
      recovered: socket.recovered,
      replayed: socket.replayed,
      gaps: [...socket.gaps],
      transport: socket.transport,
    });
    if (socket.transport !== Transport.WEBSOCKET) return;
    // The catch-up covered the user's stored subscriptions (up to the relay's limit); subscribing
    // again stores those this client follows and resumes any the catch-up did not cover.
    // Duplicates are dropped, and a gap already reported on this socket is not reported again.
    for (const uploadId of this.#listeners.keys()) {
      const request = { action: 'subscribe_upload', upload_id: uploadId };
      if (socket.since && this.#confirmed.has(uploadId)) request.since = socket.since;
      this.#enqueue(request);
    }
  }

  #onGapFrame(socket, frame) {
    const { channel, reason } = frame;
    if (typeof channel !== 'string' || socket.gapped.has(channel)) return;
    socket.gapped.add(channel);
    const uploadId = channel.startsWith('upload:') ? channel.slice('upload:'.length) : null;
    const info = { channel, reason, uploadId, catchUp: !socket.caughtUp, transport: socket.transport };
    if (!socket.caughtUp) socket.gaps.push({ channel, reason });
    for (const listener of [...(this.#listeners.get(uploadId) ?? [])]) {
      this.#call(listener.onGap, reason, info);
    }
    for (const listener of [...this.#gapListeners]) this.#call(listener, channel, reason, info);
  }

  // ---- delivering (v2) ------------------------------------------------------------------------------

  #dispatch(frame, action, socket) {
    const info = {
      channel: null,
      position: null,
      latest: false,
      catchUp: false,
      transport: socket.transport,
    };
    if (!USER_CHANNEL_ACTIONS.has(action)) {
      const listeners = this.#listeners.get(uploadIdOf(frame));
      if (listeners?.size) {
        for (const listener of [...listeners]) this.#call(listener.onEvent, frame, info);
        return;
      }
    }
    for (const listener of [...this.#userListeners]) this.#call(listener, frame, info);
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
