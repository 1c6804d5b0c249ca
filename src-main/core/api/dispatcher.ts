import type { z } from 'zod';
import { calls, type CallName } from '../../../src-shared/contract/calls';
import { UnknownCallError, ValidationError, serializeError } from '../../../src-shared/contract/errors';
import type { CallOutcome } from '../../../src-shared/contract/transport';
import type { Handlers } from './handler-types';

/** Turns zod issues into `path → message`, the shape the renderer shows next to inputs. */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(arguments)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * The one entry point every host uses: look the call up in the contract, validate its
 * arguments (nothing runs when they are invalid), run the handler, and return an outcome that
 * is safe to send over any transport. Errors keep their name, code and fields; `explain` may
 * replace one first (the core turns SQLite's damage and read-only errors into ones naming the file).
 */
export function createDispatcher(handlers: Handlers, explain: (error: unknown) => unknown = (e) => e) {
  return async function dispatch(name: string, rawArgs: unknown): Promise<CallOutcome> {
    try {
      if (!Object.hasOwn(calls, name)) throw new UnknownCallError(`Unknown API call "${name}"`);
      const spec = calls[name as CallName];
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        const summary = Object.entries(fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ');
        throw new ValidationError(`Invalid arguments for ${name}: ${summary}`, fields);
      }
      const handler = handlers[name as CallName] as (args: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: serializeError(explain(error)) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
