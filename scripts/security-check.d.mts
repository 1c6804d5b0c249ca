// Types for the parts of security-check.mjs the tests import.
export interface Finding {
  check: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'ERROR';
  confidence?: string;
  file: string;
  line: number;
  description?: string;
  reviewRequired?: boolean;
}
export interface ScanResult {
  findings: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
export const SCANNED: string[];
export const REVIEWED: { check: string; file: string; count: number; why: string }[];
export function electronVersion(): string;
/** A temporary folder holding copies of SCANNED, at the same relative paths. */
export function stageSources(): string;
export function scan(input: string): Promise<ScanResult>;
export function judge(result: ScanResult, reviewed?: typeof REVIEWED): (Finding & { why: string })[];
