import { once } from 'node:events';
import { Unzip, UnzipInflate } from 'fflate';
import Papa from 'papaparse';
import { BulkReadError } from './bulk-api';

/** Compressed bytes handed to the inflater at a time: bounds what is inflated ahead of the parser. */
const SLICE = 256 * 1024;

/**
 * The rows of the one CSV file inside a Bulk Read zip, in batches, header row first, without
 * ever holding the inflated file: the zip is inflated a slice at a time (fflate) into papaparse's
 * streaming parser, whose back-pressure paces the inflater. A zip with no CSV, more than one,
 * or bytes that are not a zip is a BulkReadError.
 */
export async function* zipCsvRows(zip: Uint8Array, batchSize = 2000): AsyncGenerator<string[][]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true });
  const pump = (async () => {
    const decoder = new TextDecoder('utf-8');
    const out: Uint8Array[] = [];
    let csvFiles = 0;
    let failure: Error | null = null;
    const unzip = new Unzip((file) => {
      if (!/\.csv$/i.test(file.name)) return;
      csvFiles++;
      file.ondata = (err, data) => {
        if (err) failure = err;
        else if (data.length) out.push(data);
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    for (let i = 0; i < zip.length || i === 0; i += SLICE) {
      const end = Math.min(zip.length, i + SLICE);
      try {
        unzip.push(zip.subarray(i, end), end >= zip.length);
      } catch (e) {
        failure = e as Error;
      }
      if (failure) throw new BulkReadError(`The Bulk Read file is damaged: ${(failure as Error).message}`);
      for (const chunk of out.splice(0)) {
        if (!parser.write(decoder.decode(chunk, { stream: true }))) await once(parser, 'drain');
      }
      if (end >= zip.length) break;
    }
    if (csvFiles !== 1)
      throw new BulkReadError(`The Bulk Read download holds ${csvFiles} CSV files; one was expected.`);
    const tail = decoder.decode();
    if (tail) parser.write(tail);
    parser.end();
  })();
  pump.catch((e: unknown) => parser.destroy(e instanceof Error ? e : new Error(String(e))));
  let batch: string[][] = [];
  for await (const row of parser as AsyncIterable<string[]>) {
    batch.push(row);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  await pump;
  if (batch.length) yield batch;
}
