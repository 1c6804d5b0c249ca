/**
 * Optional persistence of a demo workspace: the deals, the recycle bin and the id sequence, in one
 * JSON file. Saves are debounced and atomic (write a temp file, then rename), so a crash never
 * leaves a half-written file behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { DealRecord, DeletedRecord } from './types';

export interface Snapshot {
  version: 1;
  seed: number;
  nextSeq: number;
  deals: DealRecord[];
  deleted: DeletedRecord[];
}

export function loadSnapshot(file: string): Snapshot | null {
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  if (data.version !== 1 || !Array.isArray(data.deals)) throw new Error(`${file} is not a sandbox data file`);
  return data;
}

export class Saver {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => Snapshot,
    private readonly delayMs = 300,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Writes now (after any write in progress). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()));
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}
