/**
 * "3 minutes ago", "yesterday" — how old the cached data is, in words. Shared by the renderer
 * (status bar, Settings) and the desktop tray's tooltip, so both say it the same way.
 */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  // Clamp: a timestamp a little ahead of this clock (another machine's) still reads "just now".
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 10) return 'just now';
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return rtf.format(-seconds, 'second');
  if (Math.abs(seconds) < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  return rtf.format(-Math.round(seconds / 86400), 'day');
}
