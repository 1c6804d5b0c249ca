import type { CallResult } from '../../../src-shared/contract/calls';
import { IMPORT_CHUNK_BYTES } from '../../../src-shared/contract/io-schemas';
import { call } from './api';

/**
 * Files in and out of the renderer without touching the file system: an import is read from the
 * file the user picked (the browser's File API) and sent to main in chunks; an export comes back
 * either saved by the desktop app's save dialog or as bytes the browser downloads.
 */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Sends the file; `onProgress(sentBytes)` after each chunk. Returns the upload id. */
export async function uploadFile(file: File, onProgress: (sent: number) => void): Promise<string> {
  const { uploadId } = await call('import.begin', { fileName: file.name, size: file.size });
  for (let offset = 0; offset < file.size; offset += IMPORT_CHUNK_BYTES) {
    const chunk = new Uint8Array(await file.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
    await call('import.chunk', { uploadId, offset, data: toBase64(chunk) });
    onProgress(Math.min(file.size, offset + chunk.length));
  }
  return uploadId;
}

/** Hands an export to the user; returns what to tell them (null when they cancelled). */
export function deliverExport(result: CallResult<'export.create'>): string | null {
  if (result.delivery === 'cancelled') return null;
  if (result.delivery === 'saved') return `Saved ${result.path} (${rowsText(result.rows, result.fileName)})`;
  const bytes = Uint8Array.from(atob(result.data), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: result.mime }), result.fileName);
  return `Downloaded ${result.fileName} (${rowsText(result.rows, result.fileName)})`;
}

function rowsText(rows: number, fileName: string): string {
  return fileName.endsWith('.pdf')
    ? `${rows.toLocaleString()} needing attention`
    : `${rows.toLocaleString()} ${rows === 1 ? 'row' : 'rows'}`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Hands bytes the renderer made to the browser's download (the desktop app asks where to save it). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
