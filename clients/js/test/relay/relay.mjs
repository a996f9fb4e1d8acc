// What the tests against a real relay share: where the relay is (from the environment that
// BrowserClientPackageTest, module bootstrap, sets), tokens signed with its secret, its REST and
// publish APIs, stopping and starting it, and a client that records what it hands the application.
import { createHmac, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import WebSocket from 'ws';
import { ProgressRelayClient } from '../../src/progress-relay.js';

function setting(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. These tests need a running relay: run them with` +
        ' `mvn -B verify -pl bootstrap -am -Dtest=BrowserClientPackageTest` (it starts one), or set' +
        ' RELAY_TEST_URL, RELAY_TEST_JWT_SECRET and RELAY_TEST_CONTROL_URL yourself.',
    );
  }
  return value;
}

/** The relay's HTTP origin, e.g. `http://127.0.0.1:41234`. */
export const relayUrl = setting('RELAY_TEST_URL');
/** The relay's socket URL. */
export const socketUrl = `${relayUrl.replace(/^http/, 'ws')}/ws/uploads`;
const secret = setting('RELAY_TEST_JWT_SECRET');
const controlUrl = setting('RELAY_TEST_CONTROL_URL');
// Every frame the clients send and receive, one JSON line each ({direction, protocol, text}), for
// BrowserClientPackageTest to check against the AsyncAPI document's schemas; none when unset.
const framesFile = process.env.RELAY_TEST_FRAMES;

function recordFrame(direction, socket, text) {
  if (!framesFile) return;
  appendFileSync(
    framesFile,
    `${JSON.stringify({ direction, protocol: socket.protocol, text: String(text) })}\n`,
  );
}

/** A user id of its own for each test, so tests share nothing on the relay. */
export function newUser(label = 'user') {
  return `${label}-${randomUUID()}`;
}

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 access token for `user`, as the relay's JwtIssuer mints them: `sub`, `iat`, `exp`
 * (`ttlSeconds` from now, or `exp` in epoch seconds), `roles`; `signWith` another secret to get a
 * token the relay refuses.
 */
export function token(user, { ttlSeconds = 600, exp, roles, signWith = secret } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: user, iat: now, exp: exp ?? now + ttlSeconds };
  if (roles) claims.roles = roles;
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  const signature = createHmac('sha256', signWith).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const serviceToken = () => token('js-client-tests', { roles: ['service'] });

/** A REST call: `{status, body}` with the body parsed as JSON when it is JSON. */
export async function api(method, path, { bearer, body } = {}) {
  const headers = {};
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${relayUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: left null, the text is in the message of expect()
  }
  return { status: response.status, body: json, text };
}

async function expect(status, answer, what) {
  const result = await answer;
  if (result.status !== status) {
    throw new Error(`${what} answered ${result.status}, expected ${status}: ${result.text}`);
  }
  return result.body;
}

/** Registers a new upload of `owner` (as the upload workers' backend would) and returns its id. */
export async function registerUpload(owner) {
  const uploadId = `js-${randomUUID()}`;
  await expect(
    201,
    api('PUT', `/api/uploads/${uploadId}`, { bearer: serviceToken(), body: { ownerId: owner } }),
    `registering ${uploadId}`,
  );
  return uploadId;
}

/** Publishes `event` for an upload through the relay's HTTP publish API (as a Redis PUBLISH). */
export function publishToUpload(uploadId, event) {
  return expect(
    202,
    api('POST', `/api/publish/uploads/${uploadId}`, { bearer: serviceToken(), body: event }),
    `publishing to ${uploadId}`,
  );
}

/** Publishes `event` on the user's own channel (batch and file progress). */
export function publishToUser(userId, event) {
  return expect(
    202,
    api('POST', `/api/publish/users/${userId}`, { bearer: serviceToken(), body: event }),
    `publishing to user ${userId}`,
  );
}

/** An `upload_progress` event as the workers publish it. */
export function progress(uploadId, percent) {
  return {
    action: 'upload_progress',
    payload: {
      upload_id: uploadId,
      status: 'analyzing',
      stage: 'vision',
      progress_percent: percent,
    },
    timestamp: new Date().toISOString().replace('Z', ''),
  };
}

async function control(what) {
  const response = await fetch(`${controlUrl}/${what}`, { method: 'POST' });
  if (response.status !== 204) {
    throw new Error(`${what} of the relay failed: ${response.status} ${await response.text()}`);
  }
}

/** Stops the relay as a deploy does: every socket is closed with 1012, then it stops listening. */
export const stopRelay = () => control('stop');
/** Starts the stopped relay again on the same port, database and Redis channels. */
export const startRelay = () => control('start');

/**
 * Waits until `condition()` is truthy, checking every 20 ms, and returns its value; fails with
 * `description` (and what `explain()` tells) once `timeoutMs` has passed.
 */
export async function until(description, condition, { timeoutMs = 20_000, explain } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) {
      const detail = explain ? `\n${JSON.stringify(explain(), null, 2)}` : '';
      throw new Error(`gave up after ${timeoutMs} ms waiting for: ${description}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A client of the relay with the `ws` package as its WebSocket (Node 20 has none), WebSockets
 * only, recording everything it hands the application in `seen`. Options are the client's.
 */
export function recordingClient(options = {}) {
  const seen = {
    sockets: 0, // WebSockets the client opened
    states: [],
    userEvents: [],
    gaps: [],
    errors: [],
    caughtUp: [],
    tokenRequests: [],
  };
  // The `ws` package's WebSocket, counting the sockets and recording their frames.
  class RecordedWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      seen.sockets += 1;
      this.addEventListener('message', (event) => recordFrame('server', this, event.data));
    }

    send(data, ...rest) {
      recordFrame('client', this, data);
      super.send(data, ...rest);
    }
  }
  const { getToken } = options;
  const client = new ProgressRelayClient({
    url: socketUrl,
    WebSocket: RecordedWebSocket,
    transport: 'websocket',
    ...options,
    getToken:
      getToken &&
      (async (request) => {
        seen.tokenRequests.push({ ...request, at: Date.now() });
        return getToken(request);
      }),
    onStateChange: (state, detail) => seen.states.push({ state, ...detail }),
    onUserEvent: (frame, info) => seen.userEvents.push({ frame, info }),
    onGap: (channel, reason, info) => seen.gaps.push({ channel, reason, info }),
    onError: (error) => seen.errors.push(error),
    onCaughtUp: (summary) => seen.caughtUp.push(summary),
  });
  return { client, seen };
}

/** Follows `uploadId` on `client`, recording its events, errors and gaps. */
export function follow(client, uploadId) {
  const upload = { events: [], errors: [], gaps: [] };
  upload.unsubscribe = client.subscribe(
    uploadId,
    (frame, info) => upload.events.push({ frame, info }),
    {
      onError: (frame) => upload.errors.push(frame),
      onGap: (reason, info) => upload.gaps.push({ reason, info }),
    },
  );
  return upload;
}

/** The states the client went through, as `state` or `state(code)`, for failure messages. */
export const statesOf = (seen) =>
  seen.states.map((s) => (s.code === undefined ? s.state : `${s.state}(${s.code})`));
