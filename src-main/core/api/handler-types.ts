import type { CallName, CallResult, ParsedArgs } from '../../../src-shared/contract/calls';

/** One async function per contract call, receiving validated arguments. */
export type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResult<K>> };
export type HandlerGroup<K extends CallName> = Pick<Handlers, K>;
