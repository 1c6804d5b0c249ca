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
