/**
 * Reading a Bulk Read result zip (src-main/core/sync/bulk/zip-csv.ts) on real zips built the way
 * Zoho and the sandbox write them: one CSV whose sizes follow its data (a "data descriptor").
 * A whole file reads whole even when its compressed bytes happen to hold ZIP signatures (the old
 * streaming reader stopped there with "unexpected EOF" and the sync fell back to COQL); a cut
 * file is refused before a single row comes out.
 */
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openBulkZip } from '../../src-main/core/sync/bulk/zip-csv';

/** A streamed zip (sizes after the data) of one CSV, DEFLATE level 0: the CSV's text stands in the compressed bytes as written. */
function streamedZip(name: string, csv: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  const file = new ZipDeflate(name, { level: 0 });
  zip.add(file);
  file.push(strToU8(csv), true);
  zip.end();
  return Buffer.concat(parts);
}

function csvOf(rows: number, nameOf: (i: number) => string): string {
  let csv = 'Id,Deal_Name,Amount\n';
  for (let i = 0; i < rows; i++) csv += `${5843210000001000000n + BigInt(i)},"${nameOf(i)}",${i * 10}\n`;
  return csv;
}

async function allRows(zip: Uint8Array, batch = 2000): Promise<string[][]> {
  const out: string[][] = [];
  for await (const rows of (await openBulkZip(zip)).rows(batch)) out.push(...rows);
  return out;
}

describe('a Bulk Read result zip', () => {
  it('reads every row, even when the compressed bytes hold ZIP signatures by chance', async () => {
    // The data-descriptor, local-header and directory signatures, in three deal names.
    const odd: Record<number, string> = {
      1200: 'Rollout PK\u0007\u0008 phase',
      2500: 'Renewal PK\u0003\u0004 2027',
      3800: 'Upgrade PK\u0001\u0002 east',
    };
    const csv = csvOf(5000, (i) => odd[i] ?? `Deal ${i}`);
    const rows = await allRows(streamedZip('5843210000009000001.csv', csv));
    expect(rows).toHaveLength(5001);
    expect(rows[0]).toEqual(['Id', 'Deal_Name', 'Amount']);
    expect(rows[1201][1]).toBe(odd[1200]);
    expect(rows[2501][1]).toBe(odd[2500]);
    expect(rows[5000]).toEqual(['5843210000001004999', 'Deal 4999', '49990']);
  });

  it('keeps names in any script whole across the inflater’s chunks', async () => {
    const names = ['陈氏贸易有限公司', 'Công ty Nguyễn', 'บริษัท สยาม', 'Müller & Söhne'];
    const csv = csvOf(20_000, (i) => `${names[i % names.length]} ${i}`);
    const rows = await allRows(streamedZip('x.csv', csv), 777);
    expect(rows).toHaveLength(20_001);
    expect(rows.slice(1).every((r, i) => r[1] === `${names[i % names.length]} ${i}`)).toBe(true);
  });

  it('a download cut short is refused before any row is read, with a clear reason', async () => {
    const zip = streamedZip(
      'x.csv',
      csvOf(3000, (i) => `Deal ${i}`),
    );
    await expect(openBulkZip(zip.subarray(0, Math.floor(zip.length / 2)))).rejects.toThrow(
      /The Bulk Read file is damaged: .*truncated/,
    );
    await expect(openBulkZip(strToU8('<html>Gateway Timeout</html>'))).rejects.toThrow(/damaged/);
  });

  it('a zip with no CSV, or two, is refused', async () => {
    await expect(openBulkZip(zipSync({ 'readme.txt': strToU8('hi') }))).rejects.toThrow(/holds 0 CSV files/);
    await expect(openBulkZip(zipSync({ 'a.csv': strToU8('Id\n1\n'), 'b.csv': strToU8('Id\n2\n') }))).rejects.toThrow(
      /holds 2 CSV files/,
    );
  });

  it('compressed bytes that do not inflate are a damaged file, not a short list of deals', async () => {
    const zip = Buffer.from(zipSync({ 'x.csv': strToU8(csvOf(3000, (i) => `Deal ${i}`)) }, { level: 6 }));
    // Scribble over the middle of the compressed data; the directory at the end stays readable.
    zip.fill(0xff, 200, 600);
    await expect(allRows(zip)).rejects.toThrow(/The Bulk Read file is damaged/);
  });
});
