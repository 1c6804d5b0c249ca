import type { CallArgs, CallName, CallResult } from '../../../src-shared/contract/calls';
import { ApiError } from '../../../src-shared/contract/errors';
import type { EventName, EventPayload } from '../../../src-shared/contract/events';
import { detectTransport, type Transport } from './transport';

let transport: Transport | undefined;
const getTransport = () => (transport ??= detectTransport());

/**
 * The renderer's only way to reach main: typed from the contract. A failed call throws an
 * ApiError carrying the original error's name, code and per-field messages.
 */
export async function call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const outcome = await getTransport().call(name, args);
  if (!outcome.ok) throw new ApiError(outcome.error);
  return outcome.result as CallResult<K>;
}

export function on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
  return getTransport().onEvent((n, payload) => {
    if (n === name) listener(payload as EventPayload<K>);
  });
}
