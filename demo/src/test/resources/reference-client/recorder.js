// Runs in a page of the relay's origin (through WebDriver): starts the reference client, as served
// at /client/progress-relay.js, and records everything it hands the application in
// window.recorded, for the browser tests to read. Arguments: the token, then client options as
// JSON (merged over short backoffs), where `refreshTokens` lists the tokens getToken hands out, in
// order (the last one again and again).
const [token, optionsJson] = arguments;
return import('/client/progress-relay.js').then((relay) => {
  const recorded = (window.recorded = {
    events: [], // { upload (null for user events), frame, info } in delivery order
    gaps: [],
    caughtUps: [],
    states: [],
    errors: [],
    completions: 0, // completion handlers run: upload_completed not marked latest
  });
  const record = (upload) => (frame, info) => {
    recorded.events.push({ upload, frame: JSON.stringify(frame), info });
    if (frame.action === 'upload_completed' && !info.latest) recorded.completions += 1;
  };
  const { refreshTokens = [], ...options } = JSON.parse(optionsJson);
  const getToken = async () => (refreshTokens.length > 1 ? refreshTokens.shift() : refreshTokens[0]);
  const client = new relay.ProgressRelayClient({
    token,
    backoff: { baseMs: 300, capMs: 1000 },
    ...(refreshTokens.length ? { getToken } : {}),
    ...options,
    onStateChange: (state, detail) => recorded.states.push({ state, ...detail }),
    onGap: (channel, reason) => recorded.gaps.push({ channel, reason }),
    onCaughtUp: (summary) => recorded.caughtUps.push(summary),
    onUserEvent: record(null),
    onError: (error) => recorded.errors.push(`${error.type} ${error.code ?? error.message ?? ''}`),
  });
  window.relayClient = client;
  window.follow = (uploadId) => client.subscribe(uploadId, record(uploadId));
  client.connect();
  return true;
});
