/**
 * Static reference data of the demo org: a South-East-Asian B2B services company whose home
 * currency is SGD. Everything the generator and the metadata endpoints share lives here, so the
 * picklists in `/settings/fields` always match the values found in the records.
 */

export interface StageDef {
  name: string;
  probability: number;
  forecastType: 'Open' | 'Closed Won' | 'Closed Lost';
  /** Relative frequency in generated data. */
  weight: number;
}

export const STAGES: readonly StageDef[] = [
  { name: 'Qualification (10)', probability: 10, forecastType: 'Open', weight: 14 },
  { name: 'Needs Analysis (20)', probability: 20, forecastType: 'Open', weight: 12 },
  { name: 'Value Proposition (40)', probability: 40, forecastType: 'Open', weight: 9 },
  { name: 'Proposal submitted (60)', probability: 60, forecastType: 'Open', weight: 12 },
  { name: 'Negotiation (80)', probability: 80, forecastType: 'Open', weight: 8 },
  { name: 'PO / SOW Sign-off (90)', probability: 90, forecastType: 'Open', weight: 7 },
  { name: 'Project Kicked off (95)', probability: 95, forecastType: 'Open', weight: 9 },
  { name: 'Invoiced (100)', probability: 100, forecastType: 'Open', weight: 6 },
  { name: 'Closed Won', probability: 100, forecastType: 'Closed Won', weight: 12 },
  { name: 'Closed Lost', probability: 0, forecastType: 'Closed Lost', weight: 11 },
];

export const STAGE_BY_NAME = new Map(STAGES.map((s) => [s.name, s]));

export interface CurrencyDef {
  iso: string;
  name: string;
  symbol: string;
  /** Units of this currency per 1 SGD (the org's home currency). */
  rate: number;
  decimals: number;
}

export const HOME_CURRENCY = 'SGD';

export const CURRENCIES: readonly CurrencyDef[] = [
  { iso: 'SGD', name: 'Singapore Dollar - SGD', symbol: 'S$', rate: 1, decimals: 2 },
  { iso: 'USD', name: 'US Dollar - USD', symbol: 'US$', rate: 0.74, decimals: 2 },
  { iso: 'INR', name: 'Indian Rupee - INR', symbol: '₹', rate: 62.15, decimals: 2 },
  { iso: 'PHP', name: 'Philippine Peso - PHP', symbol: '₱', rate: 42.6, decimals: 2 },
  { iso: 'MYR', name: 'Malaysian Ringgit - MYR', symbol: 'RM', rate: 3.48, decimals: 2 },
  { iso: 'THB', name: 'Thai Baht - THB', symbol: '฿', rate: 26.9, decimals: 2 },
  { iso: 'VND', name: 'Vietnamese Dong - VND', symbol: '₫', rate: 19105, decimals: 0 },
  { iso: 'IDR', name: 'Indonesian Rupiah - IDR', symbol: 'Rp', rate: 12080, decimals: 0 },
  { iso: 'AUD', name: 'Australian Dollar - AUD', symbol: 'A$', rate: 1.13, decimals: 2 },
  { iso: 'EUR', name: 'Euro - EUR', symbol: '€', rate: 0.69, decimals: 2 },
];

export const CURRENCY_BY_ISO = new Map(CURRENCIES.map((c) => [c.iso, c]));

export interface CountryDef {
  name: string;
  region: string;
  /** Currencies deals in this country are usually quoted in, with weights. */
  currencies: readonly (readonly [string, number])[];
  weight: number;
}

export const REGIONS = [
  'Singapore',
  'Malaysia',
  'Indonesia',
  'Philippines',
  'Thailand',
  'Vietnam',
  'India',
  'ANZ',
  'Rest of World',
] as const;

export const COUNTRIES: readonly CountryDef[] = [
  {
    name: 'Singapore',
    region: 'Singapore',
    currencies: [
      ['SGD', 8],
      ['USD', 2],
    ],
    weight: 22,
  },
  {
    name: 'Malaysia',
    region: 'Malaysia',
    currencies: [
      ['MYR', 7],
      ['USD', 2],
      ['SGD', 1],
    ],
    weight: 12,
  },
  {
    name: 'Indonesia',
    region: 'Indonesia',
    currencies: [
      ['IDR', 6],
      ['USD', 4],
    ],
    weight: 12,
  },
  {
    name: 'Philippines',
    region: 'Philippines',
    currencies: [
      ['PHP', 7],
      ['USD', 3],
    ],
    weight: 10,
  },
  {
    name: 'Thailand',
    region: 'Thailand',
    currencies: [
      ['THB', 7],
      ['USD', 3],
    ],
    weight: 9,
  },
  {
    name: 'Vietnam',
    region: 'Vietnam',
    currencies: [
      ['VND', 5],
      ['USD', 5],
    ],
    weight: 8,
  },
  {
    name: 'India',
    region: 'India',
    currencies: [
      ['INR', 9],
      ['USD', 1],
    ],
    weight: 14,
  },
  {
    name: 'Australia',
    region: 'ANZ',
    currencies: [
      ['AUD', 9],
      ['USD', 1],
    ],
    weight: 7,
  },
  {
    name: 'New Zealand',
    region: 'ANZ',
    currencies: [
      ['AUD', 5],
      ['USD', 5],
    ],
    weight: 2,
  },
  {
    name: 'Germany',
    region: 'Rest of World',
    currencies: [
      ['EUR', 9],
      ['USD', 1],
    ],
    weight: 2,
  },
  { name: 'United States', region: 'Rest of World', currencies: [['USD', 1]], weight: 2 },
];

export const SOLUTION_TYPES = [
  'Cloud Migration',
  'Managed Services',
  'Data & Analytics',
  'Cybersecurity',
  'ERP Implementation',
  'Application Development',
  'Digital Workplace',
  'Network Infrastructure',
  'AI & Automation',
  'Consulting',
] as const;

export const DEAL_TYPES = ['New Business', 'Existing Business'] as const;
export const LEAD_SOURCES = [
  'Partner',
  'Referral',
  'Web Site',
  'Trade Show',
  'Cold Call',
  'Existing Customer',
  'Advertisement',
] as const;

export interface OwnerDef {
  id: string;
  first: string;
  last: string;
  email: string;
  role: string;
}

/** Sales users. The first one is the "current user" the demo tokens belong to. */
export const OWNERS: readonly OwnerDef[] = [
  {
    id: '5843210000000410001',
    first: 'Priya',
    last: 'Raman',
    email: 'priya.raman@pulse-demo.example',
    role: 'Sales Director',
  },
  {
    id: '5843210000000410002',
    first: 'Marcus',
    last: 'Tan',
    email: 'marcus.tan@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410003',
    first: 'Siti',
    last: 'Nurhaliza',
    email: 'siti.nurhaliza@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410004',
    first: 'Arjun',
    last: 'Mehta',
    email: 'arjun.mehta@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410005',
    first: 'Maria',
    last: 'Santos',
    email: 'maria.santos@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410006',
    first: 'Nguyen',
    last: 'Van An',
    email: 'an.nguyen@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410007',
    first: 'Somchai',
    last: 'Wongsakul',
    email: 'somchai.w@pulse-demo.example',
    role: 'Account Manager',
  },
  {
    id: '5843210000000410008',
    first: 'Olivia',
    last: 'Clarke',
    email: 'olivia.clarke@pulse-demo.example',
    role: 'Account Manager',
  },
];

export const ownerName = (o: OwnerDef) => `${o.first} ${o.last}`;
export const ownerRef = (o: OwnerDef) => ({ name: ownerName(o), id: o.id, email: o.email });

const PREFIXES = [
  'Straits',
  'Merlion',
  'Lion City',
  'Temasek',
  'Harbourfront',
  'Marina',
  'Orchard',
  'Jurong',
  'Changi',
  'Sentosa',
  'Petronas',
  'Klang',
  'Penang',
  'Borneo',
  'Selangor',
  'Johor',
  'Batavia',
  'Nusantara',
  'Garuda',
  'Java',
  'Sumatra',
  'Bali',
  'Luzon',
  'Visayas',
  'Mindanao',
  'Manila Bay',
  'Makati',
  'Siam',
  'Chao Phraya',
  'Andaman',
  'Mekong',
  'Saigon',
  'Hanoi',
  'Lotus',
  'Dragon',
  'Indus',
  'Deccan',
  'Ganges',
  'Bengal',
  'Malabar',
  'Coromandel',
  'Sahyadri',
  'Himalaya',
  'Southern Cross',
  'Coral Sea',
  'Pacific Rim',
  'Asia Pacific',
  'Equator',
  'Monsoon',
  'Tropic',
  'Orchid',
  'Banyan',
  'Rattan',
  'Jade',
  'Pearl River',
  'Golden Bay',
  'Silverline',
  'Bluewater',
  'Redwood',
  'Evergreen',
];
const SECTORS = [
  'Logistics',
  'Capital',
  'Healthcare',
  'Manufacturing',
  'Energy',
  'Telecom',
  'Retail',
  'Foods',
  'Insurance',
  'Bank',
  'Shipping',
  'Properties',
  'Pharma',
  'Airlines',
  'Engineering',
  'Holdings',
  'Foods & Beverages',
  'Electronics',
  'Textiles',
  'Motors',
];
const SUFFIXES = [
  'Pte Ltd',
  'Sdn Bhd',
  'PT Tbk',
  'Inc.',
  'Co., Ltd.',
  'JSC',
  'Pvt Ltd',
  'Pty Ltd',
  'Group',
  'Corporation',
];

/** A few hundred realistic, unique company names, in a fixed order. */
export function accountNames(count = 320): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; names.length < count && i < count * 10; i++) {
    const p = PREFIXES[(i * 7) % PREFIXES.length];
    const s = SECTORS[(i * 13 + Math.floor(i / PREFIXES.length)) % SECTORS.length];
    const x = SUFFIXES[(i * 3 + Math.floor(i / 11)) % SUFFIXES.length];
    const name = `${p} ${s} ${x}`;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

const FIRST_NAMES = [
  'Wei Ling',
  'Ahmad',
  'Rizal',
  'Putri',
  'Jose',
  'Angela',
  'Thanh',
  'Linh',
  'Kanya',
  'Rohan',
  'Ananya',
  'James',
  'Chloe',
  'Hiroshi',
  'Mei',
  'Farid',
  'Dewi',
  'Ravi',
  'Lakshmi',
  'Tom',
];
const LAST_NAMES = [
  'Lim',
  'Ibrahim',
  'Santoso',
  'Wijaya',
  'Reyes',
  'Cruz',
  'Tran',
  'Pham',
  'Srisuk',
  'Sharma',
  'Iyer',
  'Wong',
  'Lee',
  'Tanaka',
  'Chen',
  'Hassan',
  'Kusuma',
  'Nair',
  'Krishnan',
  'Walker',
];

export function contactName(index: number): string {
  return `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[(index * 7 + 3) % LAST_NAMES.length]}`;
}

/** Ids: 19-digit numeric strings, like Zoho's. Same width, so string order is numeric order. */
export const DEAL_ID_BASE = 5843210000001000000n;
export const ACCOUNT_ID_BASE = 5843210000000500000n;
export const CONTACT_ID_BASE = 5843210000000700000n;
export const ORG_ID = '60012345678';
export const ZGID = '60012345678';
export const DEALS_MODULE_ID = '5843210000000002181';
export const STANDARD_LAYOUT_ID = '5843210000000091023';
export const STANDARD_PIPELINE_ID = '5843210000000091501';
