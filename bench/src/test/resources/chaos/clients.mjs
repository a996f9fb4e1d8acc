// The chaos benchmark's browsers: one reference client (progress-relay.js, unchanged) per user, run
// in Node 20 with --experimental-websocket. The benchmark copies this file next to a copy of the
// client named progress-relay.mjs and drives it over stdin, one JSON command a line:
//   {"op":"connect","user":"u1","token":"<JWT>"}        opens the user's client
//   {"op":"subscribe","user":"u1","upload":"up-1"}     follows an upload, as an app would
//   {"op":"close"}                                       closes every client and exits
// Everything observed goes to stdout, one JSON line each, stamped with the wall clock in ms:
//   {"t":..,"u":"u1","k":"state","s":"reconnecting","code":1006,"attempt":1}
//   {"t":..,"u":"u1","k":"subscribed","up":"up-1"}           the relay confirmed a subscribe_upload
//   {"t":..,"u":"u1","k":"event","up":"up-1","a":"upload_progress","seq":7}   a subscribe() callback
//   {"t":..,"u":"u1","k":"error","up":"up-1","code":"storage_unavailable"}
// A subscribe the relay refuses (e.g. PostgreSQL down) is asked again a second later, as an app
// would; an upload whose terminal event arrived is unsubscribed.
import { createInterface } from 'node:readline';
import { ProgressRelayClient } from './progress-relay.mjs';

const url = process.argv[2];
const clients = new Map();
const out = (record) => process.stdout.write(JSON.stringify({ t: Date.now(), ...record }) + '\n');

// The client takes a WebSocket implementation; this one only watches the raw frames, so that the
// relay's `subscribed` confirmations (which the client consumes) can be timed.
function watchedWebSocket(user) {
  return class extends WebSocket {
    constructor(address, protocols) {
      super(address, protocols);
      this.addEventListener('message', (message) => {
        if (typeof message.data !== 'string' || !message.data.includes('"subscribed"')) return;
        const frame = JSON.parse(message.data);
        if (frame.action === 'subscribed') out({ u: user, k: 'subscribed', up: frame.upload_id });
      });
    }
  };
}

function connect(user, token) {
  const client = new ProgressRelayClient({
    url,
    token,
    getToken: async () => token,
    WebSocket: watchedWebSocket(user),
    onStateChange: (state, detail) =>
      out({ u: user, k: 'state', s: state, code: detail.code, attempt: detail.attempt }),
  });
  clients.set(user, client);
  client.connect();
}

function subscribe(user, upload) {
  const client = clients.get(user);
  let stop = null;
  const onEvent = (frame) => {
    out({ u: user, k: 'event', up: upload, a: frame.action, seq: frame.seq });
    if (frame.action === 'upload_completed' || frame.action === 'upload_failed') stop?.();
  };
  const onError = (frame) => {
    out({ u: user, k: 'error', up: upload, code: frame.code });
    stop?.({ keepOnServer: true });
    setTimeout(() => subscribe(user, upload), 1000);
  };
  stop = client.subscribe(upload, onEvent, { onError });
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  if (command.op === 'connect') connect(command.user, command.token);
  else if (command.op === 'subscribe') subscribe(command.user, command.upload);
  else if (command.op === 'close') {
    for (const client of clients.values()) client.close();
    setTimeout(() => process.exit(0), 200);
  }
});
