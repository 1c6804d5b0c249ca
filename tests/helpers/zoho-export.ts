/** Zoho-style CSV exports of sandbox deals: shared with the import benchmark (src-main/bench). */
export * from '../../src-main/bench/zoho-export-fixture';
