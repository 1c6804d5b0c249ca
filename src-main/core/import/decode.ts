/**
 * Bytes of a CSV file → text. Zoho exports UTF-8 (with a BOM when meant for Excel); Excel's
 * "CSV" on Windows writes the ANSI code page, Windows-1252 in Western locales. Order: a BOM
 * decides; else bytes that are valid UTF-8 are UTF-8; else chardet's best single-byte guess
 * (ISO-8859-1 is read as its superset Windows-1252, as browsers do), decoded by iconv-lite.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors';

export interface DecodedText {
  text: string;
  /** The encoding the file was read as, e.g. 'UTF-8', 'UTF-8 (BOM)', 'windows-1252'. */
  encoding: string;
}

/** How much of the file chardet looks at: enough to see the accented names, quick for 50 MB. */
const SNIFF_BYTES = 256 * 1024;

function fromChardet(bytes: Uint8Array): string {
  const guesses = chardet.analyse(bytes.subarray(0, SNIFF_BYTES));
  for (const g of guesses) {
    const name = g.name.toLowerCase();
    if (name === 'iso-8859-1' || name === 'ascii') return 'windows-1252';
    if (/^(windows-125\d|iso-8859-\d+)$/.test(name) && iconv.encodingExists(name)) return name;
  }
  return 'windows-1252';
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new ImportFileError('The file is empty.');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    const encoding = fromChardet(bytes);
    return { text: iconv.decode(Buffer.from(bytes), encoding), encoding };
  }
}
