/**
 * The review PDF's fonts. pdfkit's built-in Helvetica encodes Windows-1252 only, so names in
 * Chinese, Thai or Vietnamese (most APAC customers) came out as "?". The PDF embeds Noto fonts
 * from npm packages (TrueType files, which pdfkit reads and subsets to the glyphs used, so a
 * review stays a few hundred KB):
 * - Noto Sans: Latin with every European and Vietnamese accent, Greek, Cyrillic;
 * - Noto Sans SC: Chinese (simplified and most traditional), Japanese kana, and Latin too;
 * - Noto Sans Thai: Thai and basic Latin.
 * Each string is drawn in the first of these that has every one of its characters (pdfkit has no
 * per-glyph fallback, and one font per string keeps measuring and wrapping exact); a string no
 * font covers fully gets the one that covers most of it. The CJK font (10 MB) is read only when a
 * string needs it.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export type Weight = 'regular' | 'bold';

interface Face {
  /** Name registered with pdfkit. */
  name: string;
  file: string;
}

/**
 * Text options for a family. Noto Sans and Noto Sans SC have a glyph for each precomposed
 * Vietnamese letter (ị, ễ), but their 'ccmp' feature splits them into a letter and a combining
 * mark, whose glyph pdfkit maps to no text: the page looked right while the PDF's text (copy,
 * search, screen readers) read "Thinh" for "Thịnh". Without 'ccmp' each letter is one glyph.
 * Thai keeps it (its vowel marks are composed by it).
 */
export type FaceOptions = { features?: Record<string, boolean> };
const NO_CCMP: FaceOptions = { features: { ccmp: false } };

const require = createRequire(import.meta.url);
const file = (pkg: string, style: string, base: string) =>
  require.resolve(`@expo-google-fonts/${pkg}/${style}/${base}_${style}.ttf`);

/** Fallback order: the first family with every character of a string draws it. */
const FAMILIES: (Record<Weight, Face> & { options: FaceOptions })[] = [
  {
    regular: { name: 'NotoSans', file: file('noto-sans', '400Regular', 'NotoSans') },
    bold: { name: 'NotoSans-Bold', file: file('noto-sans', '700Bold', 'NotoSans') },
    options: NO_CCMP,
  },
  {
    regular: { name: 'NotoSansSC', file: file('noto-sans-sc', '400Regular', 'NotoSansSC') },
    bold: { name: 'NotoSansSC-Bold', file: file('noto-sans-sc', '700Bold', 'NotoSansSC') },
    options: NO_CCMP,
  },
  {
    regular: { name: 'NotoSansThai', file: file('noto-sans-thai', '400Regular', 'NotoSansThai') },
    bold: { name: 'NotoSansThai-Bold', file: file('noto-sans-thai', '700Bold', 'NotoSansThai') },
    options: {},
  },
];

/** Glyph coverage only needs one weight per family; parsed once per process, when first needed. */
const coverage = new Map<number, fontkit.Font>();
function covers(family: number): fontkit.Font {
  let font = coverage.get(family);
  if (!font) {
    font = fontkit.openSync(FAMILIES[family].regular.file) as fontkit.Font;
    coverage.set(family, font);
  }
  return font;
}

/** The usual faces (Noto Sans), for the report's own words. */
export const REGULAR = FAMILIES[0].regular.name;
export const BOLD = FAMILIES[0].bold.name;

/** Characters every string may hold that need no glyph of their own. */
const INVISIBLE = /[\s\u200b-\u200d\ufeff]/u;

/** How many characters of `text` a family has no glyph for. */
function missing(family: number, text: string): number {
  const font = covers(family);
  let n = 0;
  for (const ch of text) if (!INVISIBLE.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!)) n++;
  return n;
}

/** Only ASCII: the first family has it all (the common case, no lookups). */
const ASCII = /^[\x20-\x7e\n\t]*$/;

/** The font (pdfkit name) that draws `text` best, and the text options it needs. */
export function faceFor(text: string, weight: Weight): { name: string; options: FaceOptions } {
  let best = 0;
  if (!ASCII.test(text)) {
    let fewest = Infinity;
    for (let f = 0; f < FAMILIES.length && fewest > 0; f++) {
      const n = missing(f, text);
      if (n < fewest) [best, fewest] = [f, n];
    }
  }
  return { name: FAMILIES[best][weight].name, options: FAMILIES[best].options };
}

/** Registers every face with a document (pdfkit opens a file only when a face is first used). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const family of FAMILIES)
    for (const face of [family.regular, family.bold]) doc.registerFont(face.name, face.file);
}
