import { describe, expect, it } from 'vitest';
import { dealCrmUrl } from '../../src-main/core/deals/crm-url';

describe('"Open in Zoho CRM" links', () => {
  it('points at the deal in the account’s data centre', () => {
    expect(dealCrmUrl('https://www.zohoapis.eu', '20061234', '4150868000000624001')).toBe(
      'https://crm.zoho.eu/crm/org20061234/tab/Potentials/4150868000000624001',
    );
    expect(dealCrmUrl('https://www.zohoapis.com.au', null, '42')).toBe('https://crm.zoho.com.au/crm/tab/Potentials/42');
  });

  it('offers none for data that is not in a Zoho account (the demo sandbox, no connection)', () => {
    expect(dealCrmUrl('http://127.0.0.1:4321', '1', '42')).toBeNull();
    expect(dealCrmUrl(null, null, '42')).toBeNull();
    expect(dealCrmUrl('https://evil.example/www.zohoapis.com', '1', '42')).toBeNull();
  });
});
