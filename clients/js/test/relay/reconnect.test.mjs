// The client across a relay restart: it reconnects with exponential backoff and full jitter while
// the relay is down, resumes (progress-relay.v3) when it is back, and sends the subscription
// changes made meanwhile; events published after the restart reach the same callbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  follow,
  newUser,
  progress,
  publishToUpload,
  recordingClient,
  registerUpload,
  startRelay,
  statesOf,
  stopRelay,
  token,
  until,
} from './relay.mjs';

const backoff = { baseMs: 100, capMs: 800 };

test('across a relay restart the client backs off with jitter, resumes and re-subscribes', async (t) => {
  const owner = newUser('owner');
  const kept = await registerUpload(owner);
  const dropped = await registerUpload(owner);
  const added = await registerUpload(owner);
  for (const uploadId of [kept, dropped, added]) {
    await publishToUpload(uploadId, progress(uploadId, 10));
  }
  const { client, seen } = recordingClient({ token: token(owner), backoff });
  t.after(() => client.close());
  const keptUpload = follow(client, kept);
  const droppedUpload = follow(client, dropped);
  client.connect();
  await until(
    'both latest states',
    () => keptUpload.events.length + droppedUpload.events.length === 2,
    {
      explain: () => statesOf(seen),
    },
  );
  await publishToUpload(kept, progress(kept, 20));
  await until('a live event', () => keptUpload.events.length === 2);
  const beforeStop = seen.states.length;

  await stopRelay();
  let restarted = false;
  try {
    // The relay said goodbye with 1012; then every attempt meets a closed port (1006).
    const reconnects = () =>
      seen.states.slice(beforeStop).filter((s) => s.state === 'reconnecting' && 'delayMs' in s);
    await until('five reconnect attempts', () => reconnects().length >= 5, {
      explain: () => statesOf(seen),
    });
    const attempts = reconnects();
    assert.equal(attempts[0].code, 1012);
    assert.equal(attempts[0].reason, 'service restart');
    for (const attempt of attempts.slice(1)) assert.equal(attempt.code, 1006);
    attempts.forEach(({ attempt, delayMs }, n) => {
      assert.equal(attempt, n + 1);
      const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** n);
      assert.ok(
        Number.isInteger(delayMs) && delayMs >= 0 && delayMs < ceiling,
        `attempt ${n}: ${delayMs} ms`,
      );
    });
    // Full jitter: the delays are drawn at random below the growing ceiling, not fixed steps.
    assert.ok(new Set(attempts.map((a) => a.delayMs)).size > 1, JSON.stringify(attempts));

    // While the relay is down the application stops following one upload and starts another.
    droppedUpload.unsubscribe();
    const addedUpload = follow(client, added);

    await startRelay();
    restarted = true;
    const afterStop = () => seen.states.slice(beforeStop);
    await until('connected again', () => afterStop().some((s) => s.state === 'connected'), {
      explain: () => statesOf(seen),
    });
    const connected = afterStop().find((s) => s.state === 'connected');
    assert.equal(connected.resumingFrom, keptUpload.events[1].info.position);

    // A new run of the relay numbers its events anew (pub/sub mode): the resume point is of
    // another epoch, which the catch-up reports as a gap before the upload's latest state.
    await until('the gap', () => keptUpload.gaps.length === 1, { explain: () => seen.gaps });
    assert.equal(keptUpload.gaps[0].reason, 'epoch_changed');

    // The upload followed while down is subscribed now: its latest state, then live events.
    await until('the added upload', () => addedUpload.events.length === 1, {
      explain: () => statesOf(seen),
    });
    assert.equal(addedUpload.events[0].info.latest, true);
    await publishToUpload(kept, progress(kept, 30));
    await publishToUpload(added, progress(added, 40));
    await until(
      'live events after the restart',
      () =>
        keptUpload.events.some((e) => e.frame.payload.progress_percent === 30) &&
        addedUpload.events.length === 2,
    );
    assert.equal(addedUpload.events[1].info.latest, false);

    // The upload dropped while down was unsubscribed on the relay once the client was back.
    await until('the dropped subscription gone', async () => {
      const answer = await api('GET', '/api/subscriptions', { bearer: token(owner) });
      const ids = answer.body.items.map((item) => item.uploadId);
      return ids.includes(kept) && ids.includes(added) && !ids.includes(dropped);
    });
    assert.equal(droppedUpload.events.length, 1);
  } finally {
    if (!restarted) await startRelay();
  }
});
