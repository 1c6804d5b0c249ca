/**
 * Dictionary encoding for the opportunity columns (opportunity-columns.ts): a value that repeats
 * across deals (account, owner, closing date, territory, service-line list) is held once and each
 * deal keeps a 4-byte code. Code 0 is null. Codes are never reused or renumbered, so a code read
 * once (the review index keeps some) means the same value for as long as the columns live.
 */
export class StringCodes {
  private readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  /** The code of `value` (0 for null), adding it when new. */
  code(value: string | null): number {
    if (value === null) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }

  value(code: number): string | null {
    return this.values[code] ?? null;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * Service-line lists: one array per distinct list, found by the text the store holds (the list is
 * split once per distinct text, not once per deal). Code 0 is the empty list.
 */
export class ListCodes {
  private readonly lists: (readonly string[])[] = [[]];
  private readonly texts: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  constructor(private readonly split: (text: string | null) => string[]) {}

  /** The code of the list the text `text` holds. */
  codeOfText(text: string | null): number {
    if (!text) return 0;
    let c = this.codes.get(text);
    if (c === undefined) c = this.add(text, this.split(text));
    return c;
  }

  /** The text the list was split from (null for code 0). */
  text(code: number): string | null {
    return this.texts[code] ?? null;
  }

  list(code: number): readonly string[] {
    return this.lists[code] ?? this.lists[0];
  }

  private add(key: string, list: readonly string[]): number {
    const c = this.lists.length;
    this.lists.push(Object.freeze([...list]));
    this.texts.push(key);
    this.codes.set(key, c);
    return c;
  }
}
