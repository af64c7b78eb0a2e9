// The IPC contract is checked both ways by the compiler: main's handler table must have one
// handler per request of NamesakeApi, with the method's arity and reply, and the preload's calls
// must pass each method's own arguments. Each `@ts-expect-error` below is a mistake that must not
// compile: `npm run typecheck` (and test/typecheck.test.ts) fails if one of them ever does.

import { describe, expectTypeOf, it } from 'vitest';
import type { ModelSummary } from '../../contract/api.ts';
import type { Invoke, MainHandler, MainHandlers, RequestChannel } from '../../contract/channels.ts';

const summary = { id: 'a', name: 'A', createdAt: 0, updatedAt: 0 } as unknown as ModelSummary;

/** A complete table whose handlers do nothing (at run time a proxy), to take one away from or to change. */
function stubHandlers(): MainHandlers {
  const handler = () => Promise.resolve(null as never);
  return new Proxy({}, { get: () => handler }) as MainHandlers;
}

describe('the IPC contract, at compile time', () => {
  it('derives one channel per request method, and none for events or the menu', () => {
    expectTypeOf<'library:rename'>().toExtend<RequestChannel>();
    expectTypeOf<'training:continueModel'>().toExtend<RequestChannel>();
    expectTypeOf<'training:onTick'>().not.toExtend<RequestChannel>();
    expectTypeOf<'onMenu:onMenu'>().not.toExtend<RequestChannel>();
  });

  it('refuses a handler table with a handler missing', () => {
    const { ['library:rename']: _rename, ...withoutRename } = stubHandlers();
    // @ts-expect-error library:rename has no handler
    const incomplete: MainHandlers = withoutRename;
    void incomplete;
  });

  it('refuses a handler with the wrong reply or too many arguments', () => {
    const handlers = stubHandlers();
    const rename: MainHandler<'library:rename'> = (id, name) => ({ ...summary, id: String(id), name: String(name) });
    handlers['library:rename'] = rename;
    // @ts-expect-error library:rename answers a ModelSummary, not a string
    handlers['library:rename'] = (id: unknown) => `renamed ${String(id)}`;
    // @ts-expect-error library:list takes no argument
    handlers['library:list'] = (extra: unknown) => ({ models: [], problems: [extra as never] });
    // @ts-expect-error training:pause answers nothing (void), not the session's null
    handlers['training:pause'] = () => Promise.resolve(null);
  });

  it('refuses a preload call with the wrong arguments, and types its reply', () => {
    const call = (() => Promise.resolve()) as unknown as Invoke;
    expectTypeOf(call('library:rename', 'id', 'name')).toEqualTypeOf<Promise<ModelSummary>>();
    // @ts-expect-error library:rename takes an id and a name
    void call('library:rename', 'id');
    // @ts-expect-error model:inspect takes a string name
    void call('model:inspect', 42);
    // @ts-expect-error no such channel
    void call('library:delete', 'id');
  });
});
