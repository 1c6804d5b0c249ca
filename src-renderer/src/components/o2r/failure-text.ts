/**
 * Why an edit has not reached Zoho CRM, as a sentence a sales manager understands, with the
 * technical answer (status, Zoho's code and message) kept apart for the smaller print. Used by the
 * detail's write-back state and the outbox, so both say the same.
 */
import type { Edit } from './detail-types';

export interface FailureText {
  /** What happened and what the app does about it. */
  summary: string;
  /** What Zoho (or the network) literally answered; null when there is nothing more to say. */
  detail: string | null;
}

/** "Zoho CRM answered 503 HTTP_503: no message" → 503; a network failure has no status. */
function httpStatus(e: Pick<Edit, 'errorCode' | 'errorMessage'>): number | null {
  const m = /answered (\d{3})\b/.exec(e.errorMessage ?? '') ?? /^HTTP_(\d{3})$/.exec(e.errorCode ?? '');
  return m ? Number(m[1]) : null;
}

/** Zoho's own words from the message ("…: the value is too long" → "the value is too long"). */
function zohoWords(message: string | null): string | null {
  const m = /^Zoho CRM answered \d{3} [^:]*: (.*)$/s.exec(message ?? '');
  const words = m ? m[1].trim() : message;
  return words && words !== 'no message' ? words : null;
}

/** `many`: said of every queued edit (the outbox strip), not of one. */
export function failureText(
  e: Pick<Edit, 'status' | 'retryable' | 'errorCode' | 'errorMessage'>,
  many = false,
): FailureText {
  const RETRIED = many
    ? 'Queued edits stay in the outbox and are retried.'
    : 'The edit stays in the outbox and is retried.';
  const detail = e.errorMessage ?? e.errorCode;
  const status = httpStatus(e);
  if (e.retryable || e.status !== 'failed') {
    if (status === 429) return { summary: `Zoho CRM asked us to slow down (429). ${RETRIED}`, detail };
    if (status !== null && status >= 500) return { summary: `Zoho CRM is unavailable (${status}). ${RETRIED}`, detail };
    return { summary: `Zoho CRM could not be reached. ${RETRIED}`, detail };
  }
  const words = zohoWords(e.errorMessage);
  return {
    summary: words ? `Zoho CRM refused the change: ${words}` : 'Zoho CRM refused the change.',
    detail: detail === words ? null : detail,
  };
}
