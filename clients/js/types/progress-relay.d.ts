/**
 * Types of the Progress Relay browser client (`@progress-relay/client`, src/progress-relay.js).
 * The protocol's frames are in ./frames.d.ts, generated from the relay's AsyncAPI JSON Schemas;
 * docs/client.md describes the behaviour.
 */
import type {
  Channel,
  ErrorFrame,
  EventPayload,
  GapFrame,
  Position,
  ServerFrame,
  UploadId,
  UserId,
  WorkerEventFrame,
} from './frames.js';

export type * from './frames.js';

/** The connection states reported to `onStateChange`. */
export declare const State: Readonly<{
  CONNECTING: 'connecting';
  CONNECTED: 'connected';
  RECONNECTING: 'reconnecting';
  CLOSED: 'closed';
}>;
export type State = (typeof State)[keyof typeof State];

/** How the client reaches the relay: a WebSocket, or the Server-Sent Events stream. */
export declare const Transport: Readonly<{ WEBSOCKET: 'websocket'; SSE: 'sse' }>;
export type Transport = (typeof Transport)[keyof typeof Transport];

/** What the client does after the server (or the network) closed the socket. */
export declare const CloseAction: Readonly<{
  /** Exponential backoff with full jitter. */
  RETRY: 'retry';
  /** At once the first time, then as RETRY. */
  RETRY_NOW: 'retry-now';
  /** A long backoff: the client or its user must change something. */
  RETRY_SLOW: 'retry-slow';
  /** Reconnect only with a token different from the refused one. */
  NEW_TOKEN: 'new-token';
  /** Give up: retrying the same way cannot succeed. */
  STOP: 'stop';
}>;
export type CloseAction = (typeof CloseAction)[keyof typeof CloseAction];

/** The WebSocket subprotocols the client offers, newest first; the relay selects one. */
export declare const SUBPROTOCOLS: readonly ['progress-relay.v3', 'progress-relay.v2'];
/** The newest subprotocol this client speaks (it also speaks progress-relay.v2). */
export declare const SUBPROTOCOL: 'progress-relay.v3';
/** A subprotocol the client speaks. */
export type Subprotocol = (typeof SUBPROTOCOLS)[number];

/**
 * The relay's own frames (every server frame but a v1/v2 worker event), a union on `action`:
 * `switch (frame.action)` narrows it.
 */
export type RelayFrame = Exclude<ServerFrame, WorkerEventFrame>;

/** Why events of a channel may have been missed (a `gap` frame's reason). */
export type GapReason = GapFrame['reason'];

/** An exponential backoff: attempt n waits `floorMs + random(0, min(capMs, baseMs * 2^n))`. */
export interface Backoff {
  baseMs: number;
  capMs: number;
  floorMs?: number;
}

/** The action for a close code (docs/protocol.md, "Close codes"). */
export declare function closeActionFor(code: number): CloseAction;

/** Delay before reconnect attempt `attempt` (0-based): floor + random(0, min(cap, base * 2^n)). */
export declare function backoffDelay(
  attempt: number,
  backoff: Backoff,
  random?: () => number,
): number;

/** The claims of a JWT as the client reads them (no signature check). */
export interface JwtClaims {
  sub?: string;
  exp?: number;
  [claim: string]: unknown;
}

/** The decoded payload (claims) of a JWT, or null when it is not one. No signature check. */
export declare function decodeJwtPayload(token: unknown): JwtClaims | null;

/** The token's `exp` in epoch milliseconds, or null when it has none. */
export declare function tokenExpiresAt(token: unknown): number | null;

/** The upload an event frame is about: top-level `upload_id` or `payload.upload_id`. */
export declare function uploadIdOf(frame: unknown): string | null;

/** `ws(s)://<this page's host>/ws/uploads`, or `url` (relative, http(s) or ws(s)) made absolute. */
export declare function socketUrl(url?: string, base?: string): string;

/** The relay's HTTP origin (`http(s)://host:port`) for a socket URL. */
export declare function httpOrigin(socket: string): string;

/** A position taken apart; numbers stay strings of digits (they may exceed 2^53). */
export interface ParsedPosition {
  /** The epoch of a pub/sub position, '' for a stream entry id. */
  epoch: string;
  major: string;
  minor: string;
}

/** A position as the relay writes it, taken apart; null for anything else. */
export declare function parsePosition(text: unknown): ParsedPosition | null;

/**
 * Orders two positions of one epoch: negative, 0 or positive; null when they do not compare
 * (different epochs, or either is not a position).
 */
export declare function comparePositions(
  a: Position | ParsedPosition,
  b: Position | ParsedPosition,
): number | null;

/** What `getToken` is asked for, and why. */
export interface TokenRequest {
  /** `initial`: no `token` was given; `refresh`: before `exp`; `rejected`: after a 4002/4003. */
  reason: 'initial' | 'refresh' | 'rejected';
  closeCode?: number;
  closeReason?: string;
  /** The token the relay refused: returning it again makes the client stop (`authFailed`). */
  rejectedToken?: string;
}

/** Returns a token (a JWT), or null/undefined to give up. */
export type GetToken = (
  request: TokenRequest,
) => Promise<string | null | undefined> | string | null | undefined;

/** What comes with each event frame handed to the application. */
export interface EventInfo {
  /** `upload:{id}` or `user:{id}`; null with a v2 relay. */
  channel: Channel | null;
  /** The event's position; null with a v2 relay and for a latest state read from storage. */
  position: Position | null;
  /** A replayed latest state, not a new event: do not run one-shot handlers for it. */
  latest: boolean;
  /** Delivered in the catch-up after (re)connecting. */
  catchUp: boolean;
  transport: Transport;
}

/** What comes with a gap. */
export interface GapInfo {
  channel: Channel;
  reason: GapReason;
  /** The upload of an `upload:` channel, else null. */
  uploadId: UploadId | null;
  catchUp: boolean;
  transport: Transport;
}

/** What `onCaughtUp` gets once the catch-up after (re)connecting is complete. */
export interface CaughtUpSummary {
  /** The resume point this connection was opened with, or null. */
  since: Position | null;
  cursor: Position | null;
  /** Missed events delivered (new to this client). */
  recovered: number;
  /** Latest states delivered. */
  replayed: number;
  gaps: Array<{ channel: Channel; reason: GapReason }>;
  transport: Transport;
}

/** The second argument of `onStateChange`; which fields are set depends on the change. */
export interface StateDetail {
  /** connecting, reconnecting: the attempt's number (0 for the first connection). */
  attempt?: number;
  /** reconnecting: how long the client waits before the attempt. */
  delayMs?: number;
  /** reconnecting, closed: the close code (1006 for a dropped connection) and its reason. */
  code?: number;
  reason?: string;
  /** closed: the relay refused the token and no other one came. */
  authFailed?: boolean;
  /** closed: `close()` was called. */
  byClient?: boolean;
  /** reconnecting: what made `getToken` fail. */
  error?: unknown;
  /** connected: the user, the transport, the negotiated protocol and the resume point sent. */
  userId?: UserId | null;
  transport?: Transport;
  protocol?: Subprotocol | 'sse';
  resumingFrom?: Position | null;
}

/** An error frame for an upload, from the socket or (over SSE) from the REST subscription call. */
export type UploadError =
  ErrorFrame | { action: 'error'; code: string; message: string; upload_id: UploadId };

/** A problem the client met (it carries on unless its state says otherwise). */
export type ClientError =
  | { type: 'server'; code: string; message: string; frame: UploadError }
  | { type: 'token'; error?: unknown; status?: number }
  | { type: 'refresh'; code: ErrorFrame['code']; reason: string }
  | { type: 'frame'; message: string; data?: unknown; frame?: unknown }
  | { type: 'transport'; message: string; error: unknown };

/** The part of a WebSocket the client uses (the browser's, or e.g. the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  onopen: ((event: any) => unknown) | null;
  onmessage: ((event: any) => unknown) | null;
  onclose: ((event: any) => unknown) | null;
  onerror: ((event: any) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** The part of an EventSource the client uses. */
export interface EventSourceLike {
  onopen: ((event: any) => unknown) | null;
  onmessage: ((event: any) => unknown) | null;
  onerror: ((event: any) => unknown) | null;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export type EventCallback = (frame: EventPayload, info: EventInfo) => void;
export type GapCallback = (channel: Channel, reason: GapReason, info: GapInfo) => void;

export interface ClientOptions {
  /** Socket URL: relative, http(s) or ws(s); default `/ws/uploads` on the page's host. */
  url?: string;
  /** The JWT to start with. */
  token?: string | null;
  getToken?: GetToken | null;
  onStateChange?: (state: State, detail: StateDetail) => void;
  onUserEvent?: EventCallback;
  onGap?: GapCallback;
  onCaughtUp?: (summary: CaughtUpSummary) => void;
  onError?: (error: ClientError) => void;
  /** A position to resume from at the first connection (v3); none by default. */
  resumeFrom?: Position | null;
  /** `auto` (default): WebSocket, and the SSE stream when WebSockets never open. */
  transport?: 'auto' | Transport;
  /** WebSocket attempts that never opened before trying SSE (`auto`); default 3. */
  fallbackAfterFailures?: number;
  /** The event stream's URL; default `/api/events` on the origin of `apiUrl`. */
  sseUrl?: string;
  /** The REST API's origin; default the origin of `url`. */
  apiUrl?: string;
  /** Default `{baseMs: 1000, capMs: 30000}`. */
  backoff?: Partial<Backoff>;
  /** After 1008/1009; default `{floorMs: 30000, baseMs: 30000, capMs: 300000}`. */
  slowBackoff?: Partial<Backoff>;
  /** REST subscribe retries over SSE; default `{baseMs: 2000, capMs: 30000}`. */
  subscribeRetryMs?: Partial<Backoff>;
  stableAfterMs?: number;
  connectTimeoutMs?: number;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  refreshMarginMs?: number;
  refreshRetryMs?: number;
  framesPerSecond?: number;
  frameBurst?: number;
  /** The WebSocket implementation; default `globalThis.WebSocket` (Node 20: pass `ws`'s). */
  WebSocket?: WebSocketConstructor;
  /** The EventSource implementation; default `globalThis.EventSource`. */
  EventSource?: EventSourceConstructor;
  /** The fetch implementation; default `globalThis.fetch`. */
  fetch?: (
    input: string,
    init?: { method?: string; headers?: Record<string, string> },
  ) => Promise<{
    ok: boolean;
    status: number;
    json(): Promise<unknown>;
  }>;
}

export interface SubscribeCallbacks {
  /** Error frames naming the upload (e.g. `not_found`). */
  onError?: (frame: UploadError) => void;
  /** Events of the upload may have been missed; its latest state follows. */
  onGap?: (reason: GapReason, info: GapInfo) => void;
}

/** Removes a subscribe() callback; the last one also ends the subscription unless `keepOnServer`. */
export type Unsubscribe = (options?: { keepOnServer?: boolean }) => void;

/** A reconnecting connection to a Progress Relay (docs/client.md). */
export declare class ProgressRelayClient {
  constructor(options?: ClientOptions);
  /** The current state. */
  readonly state: State;
  /** The user id from the last `auth_success`, or null. */
  readonly userId: UserId | null;
  /** The socket URL this client connects to. */
  readonly url: string;
  /** The Server-Sent Events URL of the fallback (without token). */
  readonly sseUrl: string;
  /** The transport of the current (or last) connection, or null. */
  readonly transport: Transport | null;
  /** The protocol of the last authenticated connection: a subprotocol, or 'sse'; or null. */
  readonly protocol: Subprotocol | 'sse' | null;
  /** Where the next connection resumes from (v3 and SSE), or null. */
  readonly resumePoint: Position | null;
  /** Starts connecting (and keeps reconnecting) until close(); returns this client. */
  connect(): this;
  /** Drops the current connection and connects again at once, resuming. */
  reconnect(): void;
  /** Closes the connection for good (until connect() is called again). */
  close(): void;
  /** Follows an upload; returns the function that stops following it. */
  subscribe(
    uploadId: UploadId,
    onEvent: EventCallback,
    callbacks?: SubscribeCallbacks,
  ): Unsubscribe;
  /** Adds a listener for the user's own events; returns a function that removes it. */
  onUserEvent(listener: EventCallback): () => void;
  /** Adds a listener for gaps (v3 and SSE); returns a function that removes it. */
  onGap(listener: GapCallback): () => void;
}

/** Shorthand for `new ProgressRelayClient(options).connect()`. */
export declare function connectProgressRelay(options?: ClientOptions): ProgressRelayClient;
