/** The typed arrays in-memory columns are made of. */
export type ColumnArray = Uint8Array | Int16Array | Int32Array | Uint32Array | Float64Array;

/** A copy of `column` with room for `size` rows (its values first, zeros after). */
export function widened<T extends ColumnArray>(column: T, size: number): T {
  const out = new (column.constructor as new (n: number) => T)(size);
  out.set(column);
  return out;
}
