import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs, strict, with its errors turned into UsageError so every subcommand
 * reports bad flags the same way (exit code 2).
 */
export function parseCliArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Plain decimal digits only. `Number()` alone reads "" as 0 and "0x10", "0b101", "1e1" as 16, 5
 * and 10: values no user typed on purpose, which must never be queued for Zoho.
 */
const WHOLE_NUMBER = /^\d{1,15}$/;

/** Parses a whole number flag within [min, max]; undefined stays undefined. */
export function intFlag(
  name: string,
  value: string | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const n = WHOLE_NUMBER.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, got "${value}"`);
  }
  return n;
}

/** A TCP port flag: 1–65535, or 0 for "any free port" where that is allowed. */
export function portFlag(name: string, value: string | undefined, allowAny = true): number | undefined {
  return intFlag(name, value, allowAny ? 0 : 1, 65_535);
}
