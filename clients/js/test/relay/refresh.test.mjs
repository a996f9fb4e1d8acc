// Token refresh in band: before the token's exp the client sends the new token on its open
// socket; the relay answers token_refreshed and the socket outlives the first token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  follow,
  newUser,
  progress,
  publishToUpload,
  recordingClient,
  registerUpload,
  statesOf,
  token,
  until,
} from './relay.mjs';

test('the token is refreshed before exp and the socket outlives it', async (t) => {
  const owner = newUser('owner');
  const uploadId = await registerUpload(owner);
  await publishToUpload(uploadId, progress(uploadId, 10));
  const first = token(owner, { ttlSeconds: 3 });
  const firstExpiresAt = JSON.parse(Buffer.from(first.split('.')[1], 'base64url')).exp * 1000;
  const { client, seen } = recordingClient({ token: first, getToken: async () => token(owner) });
  t.after(() => client.close());
  const upload = follow(client, uploadId);

  client.connect();
  await until('the latest state', () => upload.events.length === 1, {
    explain: () => statesOf(seen),
  });
  await until('the refresh', () => seen.tokenRequests.length === 1);
  assert.equal(seen.tokenRequests[0].reason, 'refresh');
  assert.ok(seen.tokenRequests[0].at < firstExpiresAt, 'asked before exp');
  // Past the first token's exp (the relay would have closed with 4003 at it), events still flow.
  await until('the first token expired', () => Date.now() > firstExpiresAt + 500);
  await publishToUpload(uploadId, progress(uploadId, 20));
  await until('the event', () => upload.events.length === 2);

  assert.deepEqual(statesOf(seen), ['connecting', 'connected']);
  assert.deepEqual(seen.errors, []);
});

test('a refreshed token the relay refuses is reported; the next one is taken', async (t) => {
  const owner = newUser('owner');
  const uploadId = await registerUpload(owner);
  await publishToUpload(uploadId, progress(uploadId, 10));
  const first = token(owner, { ttlSeconds: 4 });
  const firstExpiresAt = JSON.parse(Buffer.from(first.split('.')[1], 'base64url')).exp * 1000;
  // First another user's token (a socket keeps its user), then the right one.
  const offers = [token(newUser('intruder')), token(owner)];
  const { client, seen } = recordingClient({
    token: first,
    getToken: async () => offers.shift() ?? null,
    refreshRetryMs: 300,
  });
  t.after(() => client.close());
  const upload = follow(client, uploadId);

  client.connect();
  await until('two refreshes', () => seen.tokenRequests.length === 2, { explain: () => seen });
  await until('the first token expired', () => Date.now() > firstExpiresAt + 500);
  await publishToUpload(uploadId, progress(uploadId, 20));
  await until('the event', () => upload.events.length === 2, { explain: () => statesOf(seen) });

  assert.deepEqual(
    seen.errors.map((e) => ({ type: e.type, code: e.code })),
    [{ type: 'refresh', code: 'token_rejected' }],
  );
  assert.match(seen.errors[0].reason, /another user/);
  assert.deepEqual(
    seen.tokenRequests.map((r) => r.reason),
    ['refresh', 'refresh'],
  );
  assert.deepEqual(statesOf(seen), ['connecting', 'connected']);
});
