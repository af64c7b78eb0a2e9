// Registers main's request handlers: each call is first checked to come from our own window, then
// its arguments are checked by the handler; a refusal is an error answered to the caller, never a
// crash of main.

import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { MainHandlers } from '../contract/channels.ts';

export function registerHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: Partial<MainHandlers>, isTrusted: (event: IpcMainInvokeEvent) => boolean): void {
  for (const [channel, typed] of Object.entries(handlers)) {
    const handler = typed as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event, ...args) => {
      // Another page or frame (however it got loaded) must not be able to drive the library or the disk.
      if (!isTrusted(event)) throw new Error(`${channel}: refused, the request did not come from the Namesake window`);
      if (args.length > handler.length) throw new Error(`${channel}: expected at most ${handler.length} arguments, got ${args.length}`);
      return handler(...args);
    });
  }
}
