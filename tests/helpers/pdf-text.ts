import zlib from 'node:zlib';

/**
 * The text of a PDF that pdfkit wrote, in drawing order: each content stream's TJ/Tj strings
 * decoded through the ToUnicode map of the font selected with Tf. Enough for pdfkit's own output
 * (embedded fonts, 4-hex-digit glyph ids); not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const latin = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: Buffer | null }>();
  const objRe = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = objRe.exec(latin); m; m = objRe.exec(latin)) {
    const body = m[2];
    const s = body.indexOf('stream');
    if (s === -1) {
      objects.set(m[1], { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    const start = m.index + m[0].indexOf(body) + s + 'stream'.length + (body[s + 6] === '\r' ? 2 : 1);
    const end = latin.lastIndexOf('endstream', m.index + m[0].length);
    let bytes = pdf.subarray(start, end);
    if (/FlateDecode/.test(dict)) bytes = zlib.inflateSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    objects.set(m[1], { dict, stream: bytes });
  }
  // Font resource name (F1, F2…) → glyph id → text.
  const cmaps = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(dict);
    if (!fonts) continue;
    for (const [, name, ref] of fonts[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(ref)!.dict;
      const tu = /\/ToUnicode\s+(\d+) 0 R/.exec(font);
      if (tu) cmaps.set(name, toUnicode(objects.get(tu[1])!.stream!.toString('latin1')));
    }
  }
  let out = '';
  for (const { dict, stream } of objects.values()) {
    if (!stream || /\/(Length1|Subtype|Type)\b/.test(dict.replace(/\/Length\s+\d+/, ''))) continue;
    const content = stream.toString('latin1');
    let map: Map<number, string> | undefined;
    const tokens = /\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
    for (const t of content.matchAll(tokens)) {
      if (t[1]) map = cmaps.get(t[1]);
      else {
        const hexes = t[2] !== undefined ? [...t[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [t[3]];
        for (const hex of hexes)
          for (let i = 0; i < hex.length; i += 4) out += map?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
        out += '\n';
      }
    }
  }
  return out;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, g, u] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(parseInt(g, 16), utf16(u));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, a, b, rest] of block[1].matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
    )) {
      const from = parseInt(a, 16);
      const to = parseInt(b, 16);
      // An entry may hold several code units (a ligature such as "fi"): <0066 0069>.
      if (rest.startsWith('['))
        [...rest.matchAll(/<([0-9a-fA-F ]*)>/g)].forEach((u, i) => map.set(from + i, utf16(u[1].replace(/ /g, ''))));
      else
        for (let g = from, c = parseInt(rest.slice(1, -1), 16); g <= to; g++, c++) map.set(g, String.fromCharCode(c));
    }
  return map;
}
