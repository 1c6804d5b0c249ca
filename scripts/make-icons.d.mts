// Types for the parts of make-icons.mjs the tests import.
export const APP_SIZES: number[];
export const TRAY_STATES: string[];
export const TRAY_VARIANTS: Record<'light' | 'dark', string>;
export function traySvg(state: string, variant: 'light' | 'dark'): string;
export function sourceHash(): string;
