import { describe, expect, it } from 'vitest';
import { convertToHome, type RateTable } from '../../src-main/core/currency/convert';
import { guessMapping, type FieldInfo } from '../../src-main/core/sync/mapping-guess';
import { FIELD_DEFS } from '../../src-main/sandbox/metadata';

const org = new Map([
  ['SGD', 1],
  ['USD', 0.74],
  ['INR', 62.15],
  ['EUR', 0.69],
]);
const table = (over: Partial<RateTable> = {}): RateTable => ({
  homeCurrency: 'SGD',
  baseCurrency: 'SGD',
  orgRates: org,
  overrides: new Map(),
  ...over,
});

describe('currency conversion to the home currency', () => {
  it('uses the deal’s own Exchange_Rate when present (units per one base unit)', () => {
    expect(convertToHome(740, 'USD', 0.8, table())).toEqual({ amountHome: 925, rate: 0.8, source: 'deal' });
  });
  it('falls back to the org rate', () => {
    expect(convertToHome(740, 'USD', null, table())).toMatchObject({ amountHome: 1000, rate: 0.74, source: 'org' });
  });
  it('a manual override wins over deal and org rates (units per one home unit)', () => {
    const c = convertToHome(700, 'USD', 0.8, table({ overrides: new Map([['USD', 0.7]]) }));
    expect(c).toMatchObject({ rate: 0.7, source: 'override' });
    expect(c.amountHome).toBeCloseTo(1000, 9);
  });
  it('home-currency deals are taken as they are', () => {
    expect(convertToHome(500, 'SGD', 1, table())).toEqual({ amountHome: 500, rate: 1, source: 'home' });
  });
  it('flags an unknown currency instead of counting it as home currency', () => {
    expect(convertToHome(500, 'XYZ', null, table())).toEqual({ amountHome: null, rate: null, source: 'unknown' });
    // No Currency field in a multi-currency org: unknown too.
    expect(convertToHome(500, null, null, table())).toMatchObject({ amountHome: null, source: 'unknown' });
    // …but in a single-currency org the amount is in the base currency.
    expect(convertToHome(500, null, null, table({ orgRates: new Map([['SGD', 1]]) }))).toMatchObject({
      amountHome: 500,
      source: 'home',
    });
  });
  it('converts through the org base when the home currency differs from it', () => {
    // Home USD, base SGD: 62.15 INR = 1 SGD = 0.74 USD → 6215 INR = 100 SGD = 74 USD.
    const t = table({ homeCurrency: 'USD' });
    expect(convertToHome(6215, 'INR', null, t).amountHome).toBeCloseTo(74, 6);
    expect(convertToHome(6215, 'INR', 62.15, t)).toMatchObject({ source: 'deal' });
    expect(convertToHome(100, 'SGD', null, t).amountHome).toBeCloseTo(74, 6);
    expect(convertToHome(74, 'USD', 0.74, t)).toMatchObject({ amountHome: 74, source: 'home' });
    // A home currency the org does not know: only overrides can convert.
    const lost = table({ homeCurrency: 'JPY' });
    expect(convertToHome(100, 'SGD', null, lost).source).toBe('unknown');
    expect(convertToHome(100, 'USD', null, { ...lost, overrides: new Map([['USD', 0.0066]]) }).source).toBe('override');
  });
});

describe('field mapping guesses (docs/o2r.md#milestones)', () => {
  const f = (apiName: string, dataType = 'date', label = apiName.replace(/_/g, ' ')): FieldInfo => ({
    apiName,
    label,
    dataType,
    custom: true,
  });

  it('finds the original org’s fields (the sandbox has them)', () => {
    const fields = FIELD_DEFS.Deals.map((d) => ({
      apiName: d.api,
      label: d.label,
      dataType: d.type,
      custom: Boolean(d.custom),
    }));
    expect(guessMapping(fields)).toEqual({
      proposal: 'Proposal_Submission_date',
      sow: 'SOW_Work_Start_Date',
      po: 'PO_Generation_Date',
      kickoff: 'Kick_off_Date',
      invoice: 'Invoice_Date',
      payment: 'Payment_Received_Date',
      revenue: 'OB_Recognition_Date',
      territory: 'Region',
      country: 'Country',
      serviceLine: 'Solution_Type',
    });
  });

  it('handles other naming styles, ignores wrong types, and leaves missing roles empty', () => {
    const m = guessMapping([
      f('Proposal_Sent'),
      f('Purchase_Order_Received'),
      f('Project_Kickoff'),
      f('Invoiced_On', 'date', 'Invoice Date'),
      f('Revenue_Recognized_On'),
      f('Territory', 'picklist'),
      f('Service_Line', 'multiselectpicklist'),
      f('Closing_Date'),
      f('Invoice_Number', 'text'),
      f('Expected_Revenue', 'currency'),
    ]);
    expect(m).toEqual({
      proposal: 'Proposal_Sent',
      sow: null,
      po: 'Purchase_Order_Received',
      kickoff: 'Project_Kickoff',
      invoice: 'Invoiced_On',
      payment: null,
      revenue: 'Revenue_Recognized_On',
      territory: 'Territory',
      country: null,
      serviceLine: 'Service_Line',
    });
  });

  it('uses Country as territory when there is no Region or Territory field', () => {
    expect(guessMapping([f('Country', 'picklist')])).toMatchObject({ territory: 'Country', country: 'Country' });
  });
});
