// The IPC channels between Electron's preload and main, derived from NamesakeApi: each request
// method is the channel `group:method` (training.start → 'training:start'), so the preload's calls
// and main's handler table are both checked against the API, and a missing, extra or mistyped
// handler does not compile.

import type { NamesakeApi } from './api.ts';

type Method = (...args: never[]) => Promise<unknown>;

/** The API's groups of requests (onMenu and `kind` are not requests). */
type Group = { [G in keyof NamesakeApi]: NamesakeApi[G] extends (...args: never[]) => unknown ? never : NamesakeApi[G] extends object ? G : never }[keyof NamesakeApi];

/** The methods of a group that return a promise: requests, answered by main. */
type RequestName<G extends Group> = { [M in keyof NamesakeApi[G]]: NamesakeApi[G][M] extends Method ? M & string : never }[keyof NamesakeApi[G]];

export type RequestChannel = { [G in Group]: `${G}:${RequestName<G>}` }[Group];

/** The API method behind a channel: 'library:rename' → NamesakeApi['library']['rename']. */
export type RequestMethod<C extends RequestChannel> = C extends `${infer G extends Group}:${infer M}`
  ? M extends keyof NamesakeApi[G] ? Extract<NamesakeApi[G][M], Method> : never
  : never;

/** The preload's side of a channel: the method's own arguments and reply. */
export type Invoke = <C extends RequestChannel>(channel: C, ...args: Parameters<RequestMethod<C>>) => ReturnType<RequestMethod<C>>;

/** The same arguments, each `unknown`: what main receives from a window it does not trust. */
type Untrusted<Args extends unknown[]> = { [K in keyof Args]: unknown };

/**
 * Main's side: as many arguments as the method takes, each `unknown` (main checks them,
 * electron/ipc-arguments.ts), and the method's reply, now or later.
 */
export type MainHandler<C extends RequestChannel> = (
  ...args: Untrusted<Parameters<RequestMethod<C>>>
) => Awaited<ReturnType<RequestMethod<C>>> | ReturnType<RequestMethod<C>>;

/** One handler for every request channel. */
export type MainHandlers = { [C in RequestChannel]: MainHandler<C> };

/** Main → window: the events and the tick port (not requests, so not derived from the API). */
export const EVENT_CHANNELS = {
  trainingEvent: 'training:event',
  /** Main hands the window a MessagePort wired straight to the training process for ticks. */
  trainingPort: 'training:port',
  menu: 'menu:command',
} as const;
