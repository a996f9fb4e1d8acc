// Compiled by `npm run check:types` (tsc --noEmit), never run: the public API's types as an
// application uses them, through the package's own name (its `exports` and `types`). The lines
// marked as expected errors at the end must not compile; tsc fails if one does.
import {
  CloseAction,
  ProgressRelayClient,
  State,
  Transport,
  backoffDelay,
  closeActionFor,
  comparePositions,
  connectProgressRelay,
  type CaughtUpSummary,
  type ClientError,
  type EventInfo,
  type GapReason,
  type RelayFrame,
  type StateDetail,
  type TokenRequest,
} from '@progress-relay/client';
import type { ClientFrame, EventFrame, ServerFrame } from '@progress-relay/client/frames';

const client = new ProgressRelayClient({
  url: 'wss://relay.example.com/ws/uploads',
  token: 'eyJ...',
  getToken: async ({ reason, closeCode }: TokenRequest) =>
    reason === 'rejected' && closeCode === 4003 ? null : 'eyJ...',
  onStateChange: (state: State, detail: StateDetail) => {
    if (state === State.RECONNECTING) console.log(detail.delayMs, detail.code);
    if (state === 'closed' && detail.authFailed) console.log('sign in again');
  },
  onCaughtUp: ({ recovered, gaps }: CaughtUpSummary) => console.log(recovered, gaps[0]?.reason),
  onError: (error: ClientError) => {
    if (error.type === 'server') console.log(error.frame.upload_id, error.code);
    if (error.type === 'refresh') console.log(error.code === 'token_rejected');
  },
  backoff: { capMs: 10_000 },
  transport: Transport.WEBSOCKET,
  WebSocket: globalThis.WebSocket,
  EventSource: globalThis.EventSource,
  fetch: globalThis.fetch,
});

const unsubscribe = client.subscribe(
  'up-42',
  (frame, info: EventInfo) => {
    const action: string = frame.action;
    const percent = (frame.payload as { progress_percent?: number } | undefined)?.progress_percent;
    if (action === 'upload_completed' && !info.latest) console.log('done', percent, info.position);
  },
  {
    onError: (frame) => console.log(frame.code, frame.message),
    onGap: (reason: GapReason, info) => console.log(reason, info.uploadId),
  },
);
unsubscribe({ keepOnServer: true });
client.onGap((channel, reason) => console.log(channel, reason)).call(null);
const state: 'connecting' | 'connected' | 'reconnecting' | 'closed' = client.connect().state;
const resumeFrom: string | null = client.resumePoint;
connectProgressRelay({ resumeFrom }).close();

const action: CloseAction = closeActionFor(4003);
const delay: number = backoffDelay(2, { baseMs: 1000, capMs: 30_000 }, () => 0.5);
const order: number | null = comparePositions('k3x9q2ab:1042', 'k3x9q2ab:7');
console.log(state, action === CloseAction.NEW_TOKEN, delay, order);

// Frames, from the AsyncAPI schemas.
const subscribe: ClientFrame = {
  action: 'subscribe_upload',
  upload_id: 'up-42',
  since: 'k3x9q2ab:1042',
};
const envelope: EventFrame = {
  action: 'event',
  channel: 'upload:up-42',
  position: 'k3x9q2ab:1042',
  data: { action: 'upload_progress', payload: { progress_percent: 20 } },
};
function describe(frame: RelayFrame): string {
  switch (frame.action) {
    case 'gap':
      return frame.reason;
    case 'caught_up':
      return frame.cursor ?? 'no cursor';
    case 'auth_success':
      return frame.user_id;
    default:
      return frame.action;
  }
}
const any: ServerFrame = { action: 'upload_failed', error_message: 'timed out' };
console.log(subscribe, describe(envelope), any);

// @ts-expect-error: an upload id is a string
client.subscribe(42, () => {});
// @ts-expect-error: not a transport
new ProgressRelayClient({ transport: 'long-polling' });
// @ts-expect-error: gap reasons are the schema's
const wrong: GapReason = 'network_down';
// @ts-expect-error: a subscribe frame needs its upload
const incomplete: ClientFrame = { action: 'subscribe_upload' };
console.log(wrong, incomplete);
