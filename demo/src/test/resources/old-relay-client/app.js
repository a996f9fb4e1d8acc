// The old app around the client, reduced to what tests look at: it keeps a log of what the
// client did in window.oldApp, and takes its token from window.oldApp.token, which a test may
// replace as the app replaces its access token. The relay's URL and the first token come in the
// fragment: index.html#relay=ws://...&token=...
import { OldRelayClient } from './old-relay-client.js';

const fragment = new URLSearchParams(window.location.hash.slice(1));
const log = {
  token: fragment.get('token'),
  authenticated: 0,
  events: [], // [channel kind, frame text] of every frame a handler received, in order
  completions: [], // upload ids the completion handler ran for
  dropped: [], // frames the schema rejected
  closes: [], // close codes
  gaveUp: null,
};
window.oldApp = log;

const event = (kind) => (frame, text) => log.events.push([kind, text]);
window.oldClient = new OldRelayClient(fragment.get('relay'), () => log.token, {
  onAuthenticated: () => {
    log.authenticated += 1;
    document.getElementById('state').textContent = 'connected';
  },
  onProgress: event('upload'),
  onCompleted: (frame, text) => {
    log.events.push(['upload', text]);
    log.completions.push(frame.upload_id);
  },
  onFailed: event('upload'),
  onBatchProgress: event('user'),
  onFileProgress: event('user'),
  onDropped: (text) => log.dropped.push(text),
  onClose: (code) => {
    log.closes.push(code);
    document.getElementById('state').textContent = 'closed';
  },
  onGiveUp: (why) => {
    log.gaveUp = why;
  },
});
