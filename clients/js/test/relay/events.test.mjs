// The client against a real relay (PostgreSQL, Redis): events published for an upload and for a
// user reach the application's callbacks, and a subscription the relay refuses reaches onError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  follow,
  newUser,
  progress,
  publishToUpload,
  publishToUser,
  recordingClient,
  registerUpload,
  statesOf,
  token,
  until,
} from './relay.mjs';

test("an upload's events published on Redis reach its subscribe() callback in order", async (t) => {
  const owner = newUser('owner');
  const uploadId = await registerUpload(owner);
  await publishToUpload(uploadId, progress(uploadId, 10));
  const { client, seen } = recordingClient({ token: token(owner) });
  t.after(() => client.close());

  const upload = follow(client, uploadId);
  client.connect();
  // Subscribing replays the upload's latest state, marked latest: the subscription is in place.
  await until('the latest state', () => upload.events.length === 1, {
    explain: () => statesOf(seen),
  });
  for (const percent of [20, 30, 40]) await publishToUpload(uploadId, progress(uploadId, percent));
  await publishToUpload(uploadId, {
    action: 'upload_completed',
    upload_id: uploadId,
    description: 'a cat',
  });
  await until('four live events', () => upload.events.length === 5, {
    explain: () => upload.events,
  });

  const [latest, ...live] = upload.events;
  assert.equal(latest.frame.payload.progress_percent, 10);
  assert.equal(latest.info.latest, true);
  assert.deepEqual(
    live.map(({ frame }) => frame.payload?.progress_percent ?? frame.action),
    [20, 30, 40, 'upload_completed'],
  );
  for (const { info } of live) {
    assert.equal(info.latest, false);
    assert.equal(info.catchUp, false);
    assert.equal(info.channel, `upload:${uploadId}`);
    assert.equal(info.transport, 'websocket');
    assert.match(info.position, /^[A-Za-z0-9]+:\d+$/);
  }
  assert.equal(client.protocol, 'progress-relay.v3');
  assert.equal(client.userId, owner);
  assert.equal(client.resumePoint, live.at(-1).info.position);
  assert.deepEqual(upload.errors, []);
});

test("events on the user's own channel reach onUserEvent", async (t) => {
  const user = newUser();
  const { client, seen } = recordingClient({ token: token(user) });
  t.after(() => client.close());

  client.connect();
  await until('the catch-up', () => seen.caughtUp.length === 1, { explain: () => statesOf(seen) });
  const batch = { action: 'batch_progress', payload: { batch_id: 'b-1', total: 3, processed: 1 } };
  await publishToUser(user, batch);
  await until('the batch event', () => seen.userEvents.length === 1);

  assert.deepEqual(seen.userEvents[0].frame, batch);
  assert.equal(seen.userEvents[0].info.channel, `user:${user}`);
  assert.equal(seen.userEvents[0].info.latest, false);
});

test('an upload the user may not follow is answered not_found through onError', async (t) => {
  const uploadId = await registerUpload(newUser('someone-else'));
  const { client, seen } = recordingClient({ token: token(newUser()) });
  t.after(() => client.close());

  const upload = follow(client, uploadId);
  client.connect();
  await until('the error frame', () => upload.errors.length === 1, {
    explain: () => statesOf(seen),
  });

  assert.equal(upload.errors[0].code, 'not_found');
  assert.equal(upload.errors[0].upload_id, uploadId);
  assert.equal(seen.errors[0].type, 'server');
  assert.deepEqual(upload.events, []);
  assert.equal(client.state, 'connected');
});
