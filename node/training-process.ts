// The training process's entry: a thin adapter that carries messages between its parent and a core
// training session. Electron forks it as a utility process: it talks over process.parentPort and
// sends ticks straight to the window over a MessagePort that main transfers to it. Under plain Node
// (training-child.ts: the tests and `bench --app`) it talks over Node IPC and sends ticks to the parent.

import { performance } from 'node:perf_hooks';
import { createSession, type SessionEvent } from '../core/session.ts';
import type { ProcessInbound, ProcessMessage } from '../contract/process-messages.ts';
import { createFastKernels } from './kernels.ts';
import { messageOf } from '../core/errors.ts';

/** The parts of Electron's MessagePortMain and ParentPort used here (no 'electron' import in a utility process). */
type PortMain = { postMessage(message: unknown): void; start(): void; close(): void };
type ParentPort = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: PortMain[] }) => void): void;
};

type Parent = {
  send(message: ProcessMessage): void;
  onMessage(listener: (message: ProcessInbound, ports: PortMain[]) => void): void;
};

function connectToParent(): Parent {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ProcessInbound, event.ports)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('training-process: start it with utilityProcess.fork or child_process.fork');
  return {
    send: (message) => send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ProcessInbound, [])),
  };
}

const parent = connectToParent();
let tickPort: PortMain | null = null;

function emit(event: SessionEvent): void {
  // Ticks (several a second, with gradient norms) skip main entirely when the window has a port.
  if (event.type === 'tick' && tickPort) tickPort.postMessage(event.tick);
  else parent.send({ event });
}

// The fastest kernels this process can run (WebAssembly SIMD, a helper thread on two cores).
// Requests that arrive while they load wait for them, in order.
const session = createFastKernels('auto', (warning) => process.stderr.write(`training-process: ${warning}\n`)).then((kernels) =>
  createSession({ emit, schedule: (fn) => setImmediate(fn), now: () => performance.now(), kernels }),
);

parent.onMessage((message, ports) => {
  if ('tickPort' in message) {
    tickPort?.close();
    tickPort = ports[0] ?? null;
    tickPort?.start();
    return;
  }
  const { id, request } = message;
  void session.then((ready) => {
    try {
      parent.send({ id, ok: true, value: ready.handle(request) });
    } catch (error) {
      parent.send({ id, ok: false, error: messageOf(error) });
    }
  });
});
