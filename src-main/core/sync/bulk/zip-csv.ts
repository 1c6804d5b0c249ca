import { once } from 'node:events';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { BulkReadError } from './bulk-api';

/** A Bulk Read result file whose zip directory was read: its one CSV, ready to be streamed. */
export interface BulkCsvFile {
  /** The CSV's rows in batches, header row first. */
  rows(batchSize?: number): AsyncGenerator<string[][]>;
}

/**
 * Opens a downloaded Bulk Read zip by its central directory (yauzl) and finds its one CSV file.
 * A download that was cut short has no directory at its end, so it is refused here, before a
 * single row is stored (the sync downloads it once more; ARCHITECTURE.md, "Bulk Read"). A zip
 * with no CSV, more than one, or bytes that are not a zip is a BulkReadError.
 *
 * Why the directory and not a front-to-back streaming unzip: a streaming reader has to find the
 * end of a file whose size is only written after it (Zoho's and the sandbox's zips are written
 * that way) by looking for the next ZIP signature, and compressed bytes can hold one by chance —
 * fflate's `Unzip` then stops early with "unexpected EOF" on a perfectly good file (about one
 * 1,000,000-deal first sync in four fell back to COQL for it). The directory gives exact offsets.
 */
export async function openBulkZip(zip: Uint8Array): Promise<BulkCsvFile> {
  const bytes = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let file: yauzl.ZipFile;
  let csvs: yauzl.Entry[];
  try {
    file = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
    csvs = await csvEntries(file);
  } catch (e) {
    throw damaged(e);
  }
  if (csvs.length !== 1)
    throw new BulkReadError(`The Bulk Read download holds ${csvs.length} CSV files; one was expected.`);
  const [entry] = csvs;
  return { rows: (batchSize = 2000) => csvRows(file, entry, batchSize) };
}

function csvEntries(file: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    file.on('entry', (entry: yauzl.Entry) => {
      if (/\.csv$/i.test(entry.fileName)) found.push(entry);
      file.readEntry();
    });
    file.once('end', () => resolve(found));
    file.once('error', reject);
    file.readEntry();
  });
}

/**
 * The rows of the CSV without ever holding the inflated file: the entry is inflated (zlib, as
 * yauzl reads it) into papaparse's streaming parser, whose back-pressure paces the inflater.
 */
async function* csvRows(file: yauzl.ZipFile, entry: yauzl.Entry, batchSize: number): AsyncGenerator<string[][]> {
  let inflated: Readable;
  try {
    inflated = await file.openReadStreamPromise(entry);
  } catch (e) {
    throw damaged(e);
  }
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true });
  const pump = (async () => {
    const decoder = new TextDecoder('utf-8');
    try {
      for await (const chunk of inflated as AsyncIterable<Buffer>) {
        if (!parser.write(decoder.decode(chunk, { stream: true }))) await once(parser, 'drain');
      }
    } catch (e) {
      throw damaged(e);
    }
    const tail = decoder.decode();
    if (tail) parser.write(tail);
    parser.end();
  })();
  pump.catch((e: unknown) => parser.destroy(e instanceof Error ? e : new Error(String(e))));
  let batch: string[][] = [];
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    await pump;
  } finally {
    // Stopped early (an error while storing, a cancelled sync): let go of the inflater.
    inflated.destroy();
  }
  if (batch.length) yield batch;
}

function damaged(e: unknown): BulkReadError {
  if (e instanceof BulkReadError) return e;
  return new BulkReadError(`The Bulk Read file is damaged: ${e instanceof Error ? e.message : String(e)}`);
}
