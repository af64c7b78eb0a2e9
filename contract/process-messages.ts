// Between the shell and the training process: a request with an id, answered once; or an event.
// The same reply shape answers the browser build's worker (renderer/backend/protocol.ts).

import type { SessionEvent, SessionRequest } from '../core/session.ts';

export type ProcessRequest = { id: number; request: SessionRequest };
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export type ProcessMessage = Reply | { event: SessionEvent };
/**
 * Main → training process: a request, or (Electron only) a fresh MessagePort, transferred with the
 * message, over which ticks go straight to the window. Without one (plain Node) ticks come to the
 * parent as events.
 */
export type ProcessInbound = ProcessRequest | { tickPort: true };
