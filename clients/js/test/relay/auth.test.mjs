// Tokens the relay refuses: at authentication (a wrong signature, an expired token) and on a live
// socket at its token's exp. The client asks getToken for another one (reason 'rejected'), never
// retries with the refused token, and stops with authFailed when it gets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newUser, recordingClient, statesOf, token, until } from './relay.mjs';

const closed = (seen) => seen.states.find((s) => s.state === 'closed');

test('a token with a wrong signature is refused with 4003; no new token: closed, authFailed', async (t) => {
  const bad = token(newUser(), { signWith: 'another-secret-of-at-least-thirty-two-bytes' });
  const { client, seen } = recordingClient({ token: bad, getToken: async () => null });
  t.after(() => client.close());

  client.connect();
  await until('closed', () => closed(seen), { explain: () => statesOf(seen) });

  assert.deepEqual(
    seen.tokenRequests.map(({ reason, closeCode, rejectedToken }) => ({
      reason,
      closeCode,
      rejectedToken,
    })),
    [{ reason: 'rejected', closeCode: 4003, rejectedToken: bad }],
  );
  assert.equal(closed(seen).authFailed, true);
  assert.equal(closed(seen).code, 4003);
  assert.ok(!statesOf(seen).includes('connected'), statesOf(seen).join(' '));
  assert.equal(seen.sockets, 1);
  assert.equal(client.state, 'closed');
});

test('a refused token is replaced by the one getToken gives, and the client connects', async (t) => {
  const user = newUser();
  const bad = token(user, { signWith: 'another-secret-of-at-least-thirty-two-bytes' });
  const { client, seen } = recordingClient({ token: bad, getToken: async () => token(user) });
  t.after(() => client.close());

  client.connect();
  await until('connected', () => client.state === 'connected', { explain: () => statesOf(seen) });

  assert.equal(client.userId, user);
  assert.deepEqual(
    seen.tokenRequests.map((r) => r.reason),
    ['rejected'],
  );
  assert.deepEqual(
    seen.states.filter((s) => s.state === 'reconnecting' && 'delayMs' in s).map((s) => s.code),
    [4003],
  );
});

test('an expired token is refused (token expired) and never offered again', async (t) => {
  const expired = token(newUser(), { exp: Math.floor(Date.now() / 1000) - 5 });
  // The application has nothing better than the same token: the client must not loop on it.
  const { client, seen } = recordingClient({ token: expired, getToken: async () => expired });
  t.after(() => client.close());

  client.connect();
  await until('closed', () => closed(seen), { explain: () => statesOf(seen) });

  assert.equal(seen.tokenRequests.length, 1);
  assert.equal(seen.tokenRequests[0].closeCode, 4003);
  assert.match(seen.tokenRequests[0].closeReason, /expired/);
  assert.equal(closed(seen).authFailed, true);
  assert.equal(seen.sockets, 1);
});

test('without getToken a live socket closed at its token exp (4003) ends closed', async (t) => {
  const { client, seen } = recordingClient({ token: token(newUser(), { ttlSeconds: 2 }) });
  t.after(() => client.close());

  client.connect();
  await until('connected', () => client.state === 'connected', { explain: () => statesOf(seen) });
  await until('closed at exp', () => closed(seen), { explain: () => statesOf(seen) });

  assert.equal(closed(seen).code, 4003);
  assert.equal(closed(seen).reason, 'token expired');
  assert.equal(closed(seen).authFailed, true);
});

test('a socket closed at its token exp reconnects with the token getToken gives after it', async (t) => {
  const user = newUser();
  // No token at refresh time (say the session's refresh failed), one after the close.
  const { client, seen } = recordingClient({
    token: token(user, { ttlSeconds: 2 }),
    getToken: async ({ reason }) => (reason === 'rejected' ? token(user) : null),
    refreshRetryMs: 60_000,
  });
  t.after(() => client.close());

  client.connect();
  await until(
    'connected twice',
    () => seen.states.filter((s) => s.state === 'connected').length === 2,
    {
      explain: () => statesOf(seen),
    },
  );

  assert.deepEqual(
    seen.tokenRequests.map((r) => r.reason),
    ['refresh', 'rejected'],
  );
  assert.equal(seen.tokenRequests[1].closeCode, 4003);
  assert.equal(seen.tokenRequests[1].closeReason, 'token expired');
  assert.equal(client.userId, user);
});
