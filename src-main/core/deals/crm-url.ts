/**
 * A deal's page in Zoho CRM's web app, in the data centre the account lives in
 * (docs/dashboard.md#open-in-zoho-crm): the API host www.zohoapis.<tld> serves the web app at
 * crm.zoho.<tld>, and a deal (module API name Deals) lives under the tab "Potentials". Null when the
 * data are not from a Zoho account (the demo's sandbox, an imported file).
 */
export function dealCrmUrl(apiDomain: string | null, orgId: string | null, dealId: string): string | null {
  const m = apiDomain ? /^https:\/\/www\.zohoapis\.([a-z.]+)\/?$/.exec(apiDomain) : null;
  if (!m) return null;
  const org = orgId && /^\d+$/.test(orgId) ? `org${orgId}/` : '';
  return `https://crm.zoho.${m[1]}/crm/${org}tab/Potentials/${encodeURIComponent(dealId)}`;
}
