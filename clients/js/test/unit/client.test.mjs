// Unit tests of the client in Node, with fake WebSocket, EventSource and fetch: the
// progress-relay.v3 resume rules, the v2 behaviour with an older relay, and the Server-Sent
// Events fallback. `npm test` runs them (test/relay/ runs the client against a real relay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from '../../src/progress-relay.js';

const { ProgressRelayClient, comparePositions, parsePosition } = client;

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

// A WebSocket the test plays the relay for: open(protocol), receive(frame), drop(code).
function fakeWebSockets() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.protocol = '';
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close() {
      this.readyState = 3;
    }
    open(protocol = 'progress-relay.v3') {
      this.protocol = protocol;
      this.readyState = 1;
      this.onopen?.();
    }
    receive(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose?.({ code, reason: '' });
    }
    // Refused before opening, as a proxy that blocks WebSockets makes browsers report it.
    refuse() {
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006, reason: '' });
    }
  }
  return { sockets, FakeWebSocket };
}

function fakeEventSources() {
  const streams = [];
  class FakeEventSource {
    constructor(url) {
      this.url = new URL(url);
      this.closed = false;
      streams.push(this);
    }
    close() {
      this.closed = true;
    }
    receive(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }
    fail() {
      this.onerror?.({});
    }
  }
  return { streams, FakeEventSource };
}

function fakeFetch(answer = () => ({ status: 201, body: { subscribed: true } })) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const request = { url: String(url), method: init.method ?? 'GET', headers: init.headers ?? {} };
    requests.push(request);
    const { status, body } = answer(request);
    return { status, ok: status >= 200 && status < 300, json: async () => body };
  };
  return { requests, fetch };
}

// A client with instant backoff whose callbacks are recorded.
function recordingClient(options = {}) {
  const seen = { events: [], gaps: [], caughtUps: [], states: [], errors: [] };
  const relay = new ProgressRelayClient({
    url: 'ws://relay.test/ws/uploads',
    token: 'token-1',
    backoff: { baseMs: 1, capMs: 1 },
    onStateChange: (state, detail) => seen.states.push({ state, ...detail }),
    onGap: (channel, reason) => seen.gaps.push({ channel, reason }),
    onCaughtUp: (summary) => seen.caughtUps.push(summary),
    onUserEvent: (frame, info) => seen.events.push({ upload: null, n: frame.n, ...info }),
    onError: (error) => seen.errors.push(error),
    ...options,
  });
  const follow = (uploadId, extra = {}) =>
    relay.subscribe(uploadId, (frame, info) => seen.events.push({ upload: uploadId, n: frame.n, ...info }), extra);
  return { relay, seen, follow };
}

const event = (channel, position, n, extra = {}) => ({
  action: 'event',
  channel,
  ...(position ? { position } : {}),
  ...extra,
  data: { action: 'upload_progress', n, payload: { upload_id: channel.split(':')[1] } },
});

test('positions compare within one epoch, digit by digit, and not across epochs', () => {
  assert.equal(comparePositions('k3:9', 'k3:10'), -1);
  assert.equal(comparePositions('k3:10', 'k3:10'), 0);
  assert.equal(comparePositions('1733560000000-12', '1733560000000-5'), 1);
  assert.equal(comparePositions('9999999999999999999-0', '9999999999999999998-0'), 1);
  assert.equal(comparePositions('a:1', 'b:2'), null);
  assert.equal(comparePositions('a:1', '1-1'), null);
  assert.equal(parsePosition('not a position'), null);
  assert.deepEqual(parsePosition('k3x9q2ab:1042'), { epoch: 'k3x9q2ab', major: '1042', minor: '0' });
});

test('v3: resumes from the last event after every reconnect, once and in order', async () => {
  const { sockets, FakeWebSocket } = fakeWebSockets();
  const { relay, seen, follow } = recordingClient({ WebSocket: FakeWebSocket });
  follow('u1');
  relay.connect();
  const first = sockets[0];
  assert.deepEqual(first.protocols, ['progress-relay.v3', 'progress-relay.v2']);
  first.open();
  assert.deepEqual(first.sent, [{ type: 'auth', token: 'token-1' }]);
  first.receive({ action: 'auth_success', user_id: 'alice' });
  first.receive(event('upload:u1', 'e:5', 0, { latest: true }));
  assert.equal(first.sent.length, 1, 'subscribing waits for the catch-up');
  first.receive({ action: 'caught_up', cursor: 'e:5' });
  assert.deepEqual(first.sent[1], { action: 'subscribe_upload', upload_id: 'u1' });
  first.receive({ action: 'subscribed', upload_id: 'u1' });
  first.receive(event('upload:u1', 'e:5', 0, { latest: true })); // the same latest state: dropped
  first.receive(event('upload:u1', 'e:6', 1));
  first.receive(event('upload:u1', 'e:8', 2, { cursor: 'e:7' }));
  first.receive(event('upload:u2', 'e:9', 9, { latest: true })); // a latest state: no move
  assert.equal(relay.resumePoint, 'e:7');

  first.drop();
  await settle();
  const second = sockets[1];
  second.open();
  assert.deepEqual(second.sent, [{ type: 'auth', token: 'token-1', since: 'e:7' }]);
  second.receive({ action: 'auth_success', user_id: 'alice' });
  second.receive(event('upload:u1', 'e:8', 2)); // already delivered: dropped
  second.receive(event('upload:u1', 'e:10', 3));
  assert.equal(relay.resumePoint, 'e:7', 'catch-up frames do not move the resume point');
  second.receive({ action: 'caught_up', cursor: 'e:11' });
  assert.equal(relay.resumePoint, 'e:11');
  assert.deepEqual(second.sent[1], { action: 'subscribe_upload', upload_id: 'u1', since: 'e:7' });
  second.receive(event('upload:u1', 'e:10', 3)); // the subscription's replay: dropped
  second.receive(event('upload:u1', 'e:12', 4));

  const u1 = seen.events.filter((e) => e.upload === 'u1');
  assert.deepEqual(u1.map((e) => e.n), [0, 1, 2, 3, 4]);
  assert.deepEqual(u1.map((e) => e.latest), [true, false, false, false, false]);
  assert.deepEqual(u1.map((e) => e.catchUp), [true, false, false, true, false]);
  assert.deepEqual(seen.caughtUps.map(({ since, recovered, replayed }) => ({ since, recovered, replayed })), [
    { since: null, recovered: 0, replayed: 1 },
    { since: 'e:7', recovered: 1, replayed: 0 },
  ]);
  assert.equal(seen.states.at(-1).resumingFrom, 'e:7');
  assert.equal(relay.protocol, 'progress-relay.v3');
  relay.close();
});

test('v3: a gap is reported once per connection, then the latest state, marked latest', async () => {
  const { sockets, FakeWebSocket } = fakeWebSockets();
  const { relay, seen, follow } = recordingClient({ WebSocket: FakeWebSocket, resumeFrom: 'old:40' });
  const uploadGaps = [];
  follow('u1', { onGap: (reason) => uploadGaps.push(reason) });
  relay.connect();
  const socket = sockets[0];
  socket.open();
  assert.equal(socket.sent[0].since, 'old:40');
  socket.receive({ action: 'auth_success', user_id: 'alice' });
  socket.receive({ action: 'gap', channel: 'upload:u1', reason: 'epoch_changed' });
  socket.receive(event('upload:u1', null, 7, { latest: true })); // read from storage: no position
  socket.receive({ action: 'gap', channel: 'user:alice', reason: 'epoch_changed' });
  socket.receive(event('user:alice', 'new:3', 30, { latest: true })); // newest first
  socket.receive(event('user:alice', 'new:2', 20, { latest: true }));
  socket.receive({ action: 'caught_up' });
  assert.equal(relay.resumePoint, 'old:40', 'a caught_up without cursor leaves the resume point');
  socket.receive({ action: 'subscribed', upload_id: 'u1' });
  socket.receive({ action: 'gap', channel: 'upload:u1', reason: 'epoch_changed' }); // again: quiet
  socket.receive(event('upload:u1', null, 7, { latest: true })); // the same state again: dropped
  socket.receive(event('upload:u1', 'new:4', 8)); // another epoch: new

  assert.deepEqual(seen.gaps, [
    { channel: 'upload:u1', reason: 'epoch_changed' },
    { channel: 'user:alice', reason: 'epoch_changed' },
  ]);
  assert.deepEqual(uploadGaps, ['epoch_changed']);
  assert.deepEqual(seen.events.map((e) => [e.n, e.latest]), [
    [7, true],
    [30, true],
    [20, true],
    [8, false],
  ]);
  assert.deepEqual(seen.caughtUps[0].gaps.length, 2);
  relay.close();
});

test('v2: with an older relay it re-subscribes at once and delivers frames as published', async () => {
  const { sockets, FakeWebSocket } = fakeWebSockets();
  const { relay, seen, follow } = recordingClient({ WebSocket: FakeWebSocket });
  follow('u1');
  relay.connect();
  const socket = sockets[0];
  socket.open('progress-relay.v2');
  socket.receive({ action: 'auth_success', user_id: 'alice' });
  assert.deepEqual(socket.sent, [
    { type: 'auth', token: 'token-1' },
    { action: 'subscribe_upload', upload_id: 'u1' },
  ]);
  socket.receive({ action: 'upload_progress', n: 1, payload: { upload_id: 'u1' } });
  socket.receive({ action: 'upload_progress', n: 1, payload: { upload_id: 'u1' } });
  socket.receive({ action: 'batch_progress', n: 2, payload: { batch_id: 'b1' } });
  socket.drop();
  await settle();
  sockets[1].open('progress-relay.v2');
  assert.deepEqual(sockets[1].sent, [{ type: 'auth', token: 'token-1' }], 'no since with v2');

  assert.deepEqual(seen.events.map((e) => [e.upload, e.n, e.latest, e.channel]), [
    ['u1', 1, false, null],
    ['u1', 1, false, null],
    [null, 2, false, null],
  ]);
  assert.equal(relay.resumePoint, null);
  relay.close();
});

test('SSE: a forced stream carries token and resume point, subscribes over REST, resumes', async () => {
  const { streams, FakeEventSource } = fakeEventSources();
  const { requests, fetch } = fakeFetch();
  const { relay, seen, follow } = recordingClient({
    transport: 'sse',
    EventSource: FakeEventSource,
    fetch,
    WebSocket: class {
      constructor() {
        throw new Error('no WebSocket wanted');
      }
    },
  });
  follow('u1');
  relay.connect();
  const first = streams[0];
  assert.equal(first.url.href, 'http://relay.test/api/events?token=token-1');
  first.receive({ action: 'auth_success', user_id: 'alice' });
  await settle();
  assert.deepEqual(
    requests.map((r) => [r.method, r.url, r.headers.Authorization]),
    [['POST', 'http://relay.test/api/uploads/u1/subscription', 'Bearer token-1']],
  );
  first.receive(event('upload:u1', 'e:3', 1, { latest: true }));
  first.receive({ action: 'caught_up', cursor: 'e:3' });
  first.receive(event('upload:u1', 'e:4', 2));
  first.receive({ action: 'ping' });
  first.fail(); // the connection dropped after authenticating: reopen at once with backoff
  await settle();
  assert.equal(first.closed, true, 'the client reopens streams itself');
  const second = streams[1];
  assert.equal(second.url.searchParams.get('since'), 'e:4');
  second.receive({ action: 'auth_success', user_id: 'alice' });
  second.receive(event('upload:u1', 'e:4', 2));
  second.receive(event('upload:u1', 'e:5', 3));
  second.receive({ action: 'caught_up', cursor: 'e:5' });
  await settle();
  assert.equal(requests.length, 1, 'a stream\'s catch-up covers the stored subscription');

  assert.deepEqual(seen.events.map((e) => [e.n, e.latest, e.transport]), [
    [1, true, 'sse'],
    [2, false, 'sse'],
    [3, false, 'sse'],
  ]);
  assert.equal(relay.transport, 'sse');
  relay.close();
});

test('SSE: a stream refused before authenticating asks for a new token when REST refuses it', async () => {
  const { streams, FakeEventSource } = fakeEventSources();
  const { fetch } = fakeFetch((request) =>
    request.headers.Authorization === 'Bearer token-1' ? { status: 401 } : { status: 200 },
  );
  const asked = [];
  const { relay } = recordingClient({
    transport: 'sse',
    EventSource: FakeEventSource,
    fetch,
    getToken: async (request) => {
      asked.push(request.reason);
      return 'token-2';
    },
  });
  relay.connect();
  streams[0].fail();
  await settle();
  assert.deepEqual(asked, ['rejected']);
  assert.equal(streams[1].url.searchParams.get('token'), 'token-2');
  relay.close();
});

test('auto: after WebSocket attempts that never open, it falls back to the stream', async () => {
  const { sockets, FakeWebSocket } = fakeWebSockets();
  const { streams, FakeEventSource } = fakeEventSources();
  const { fetch } = fakeFetch();
  const { relay, seen } = recordingClient({ WebSocket: FakeWebSocket, EventSource: FakeEventSource, fetch });
  relay.connect();
  for (let attempt = 0; attempt < 3; attempt++) {
    assert.equal(sockets.length, attempt + 1);
    sockets[attempt].refuse();
    await settle();
  }
  assert.equal(sockets.length, 3);
  assert.equal(streams.length, 1);
  streams[0].receive({ action: 'auth_success', user_id: 'alice' });
  assert.equal(seen.states.at(-1).state, 'connected');
  assert.equal(seen.states.at(-1).transport, 'sse');
  streams[0].fail();
  await settle();
  assert.equal(streams.length, 2, 'once a stream worked, it stays on streams');
  relay.close();
});

test('auto: a relay whose WebSocket once opened is down, not blocked: no fallback', async () => {
  const { sockets, FakeWebSocket } = fakeWebSockets();
  const { streams, FakeEventSource } = fakeEventSources();
  const { relay } = recordingClient({ WebSocket: FakeWebSocket, EventSource: FakeEventSource });
  relay.connect();
  sockets[0].open();
  sockets[0].receive({ action: 'auth_success', user_id: 'alice' });
  sockets[0].drop(1012);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await settle();
    sockets[attempt].refuse();
  }
  await settle();
  assert.equal(streams.length, 0);
  relay.close();
});

test('auto: a WebSocket constructor that throws sends the client to the stream at once', async () => {
  const { streams, FakeEventSource } = fakeEventSources();
  const { relay, seen } = recordingClient({
    EventSource: FakeEventSource,
    fetch: fakeFetch().fetch,
    WebSocket: class {
      constructor() {
        throw new Error('blocked by policy');
      }
    },
  });
  relay.connect();
  await settle();
  assert.equal(streams.length, 1);
  assert.equal(seen.errors[0].type, 'transport');
  relay.close();
});
