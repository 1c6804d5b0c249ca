/**
 * Metadata answers: fields (Deals, Accounts, Contacts), layouts, pipeline, currencies, org, users.
 * Field objects carry every key Zoho's v8 Fields API returns (the OAS marks them all required),
 * with null for the sub-objects Zoho leaves empty. Picklists come from catalog.ts, so the values
 * the client discovers here are exactly the values found in the records.
 */
import {
  COUNTRIES,
  CURRENCIES,
  DEALS_MODULE_ID,
  DEAL_TYPES,
  HOME_CURRENCY,
  LEAD_SOURCES,
  ORG_ID,
  OWNERS,
  REGIONS,
  SOLUTION_TYPES,
  STAGES,
  STANDARD_LAYOUT_ID,
  STANDARD_PIPELINE_ID,
  ZGID,
  ownerName,
  type OwnerDef,
} from './catalog';
import { ORG_TIME_ZONE } from './time';

export type ModuleName = 'Deals' | 'Accounts' | 'Contacts';
export const MODULE_IDS: Record<ModuleName, string> = {
  Deals: DEALS_MODULE_ID,
  Accounts: '5843210000000002177',
  Contacts: '5843210000000002179',
};
const LAYOUT_IDS: Record<ModuleName, string> = {
  Deals: STANDARD_LAYOUT_ID,
  Accounts: '5843210000000091021',
  Contacts: '5843210000000091022',
};
const ADMIN_PROFILE_ID = '5843210000000026011';
const SETUP_TIME = '2023-01-09T10:12:40+08:00';

export type DataType =
  | 'text'
  | 'textarea'
  | 'picklist'
  | 'multiselectpicklist'
  | 'date'
  | 'datetime'
  | 'integer'
  | 'double'
  | 'currency'
  | 'lookup'
  | 'ownerlookup'
  | 'email'
  | 'phone'
  | 'website'
  | 'bigint';

export interface FieldDef {
  api: string;
  label: string;
  type: DataType;
  custom?: boolean;
  mandatory?: boolean;
  readOnly?: boolean;
  /** Picklist values (for picklist / multiselectpicklist). */
  values?: readonly string[];
  /** Module a lookup points to. */
  lookup?: ModuleName;
  length?: number;
}

const JSON_TYPE: Record<DataType, string> = {
  text: 'string',
  textarea: 'string',
  picklist: 'string',
  multiselectpicklist: 'jsonarray',
  date: 'string',
  datetime: 'string',
  integer: 'integer',
  double: 'double',
  currency: 'double',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
  email: 'string',
  phone: 'string',
  website: 'string',
  bigint: 'string',
};
const UI_TYPE: Record<DataType, number> = {
  text: 1,
  textarea: 3,
  picklist: 2,
  multiselectpicklist: 100,
  date: 24,
  datetime: 333,
  integer: 32,
  double: 37,
  currency: 36,
  lookup: 133,
  ownerlookup: 8,
  email: 25,
  phone: 33,
  website: 21,
  bigint: 1,
};

const DEAL_MILESTONES: readonly [string, string][] = [
  ['Proposal_Submission_date', 'Proposal Submission date'],
  ['SOW_Work_Start_Date', 'SOW Work Start Date'],
  ['PO_Generation_Date', 'PO Generation Date'],
  ['Kick_off_Date', 'Kick-off Date'],
  ['Invoice_Date', 'Invoice Date'],
  ['Payment_Received_Date', 'Payment Received Date'],
  ['OB_Recognition_Date', 'OB Recognition Date'],
];

const SYSTEM_FIELDS: FieldDef[] = [
  { api: 'Created_By', label: 'Created By', type: 'ownerlookup', readOnly: true },
  { api: 'Modified_By', label: 'Modified By', type: 'ownerlookup', readOnly: true },
  { api: 'Created_Time', label: 'Created Time', type: 'datetime', readOnly: true },
  { api: 'Modified_Time', label: 'Modified Time', type: 'datetime', readOnly: true },
];

export const FIELD_DEFS: Record<ModuleName, FieldDef[]> = {
  Deals: [
    { api: 'Owner', label: 'Deal Owner', type: 'ownerlookup' },
    { api: 'Amount', label: 'Amount', type: 'currency', length: 16 },
    { api: 'Deal_Name', label: 'Deal Name', type: 'text', mandatory: true, length: 120 },
    { api: 'Closing_Date', label: 'Closing Date', type: 'date', mandatory: true },
    { api: 'Account_Name', label: 'Account Name', type: 'lookup', lookup: 'Accounts' },
    { api: 'Stage', label: 'Stage', type: 'picklist', mandatory: true, values: STAGES.map((s) => s.name) },
    { api: 'Type', label: 'Type', type: 'picklist', values: ['-None-', ...DEAL_TYPES] },
    { api: 'Probability', label: 'Probability (%)', type: 'integer', length: 3 },
    { api: 'Expected_Revenue', label: 'Expected Revenue', type: 'currency', readOnly: true, length: 16 },
    { api: 'Next_Step', label: 'Next Step', type: 'text', length: 100 },
    { api: 'Lead_Source', label: 'Lead Source', type: 'picklist', values: ['-None-', ...LEAD_SOURCES] },
    { api: 'Contact_Name', label: 'Contact Name', type: 'lookup', lookup: 'Contacts' },
    { api: 'Pipeline', label: 'Pipeline', type: 'picklist', values: ['Standard'] },
    { api: 'Currency', label: 'Currency', type: 'picklist', values: CURRENCIES.map((c) => c.iso) },
    { api: 'Exchange_Rate', label: 'Exchange Rate', type: 'double', length: 16 },
    { api: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    { api: 'Region', label: 'Region', type: 'picklist', custom: true, values: ['-None-', ...REGIONS] },
    {
      api: 'Country',
      label: 'Country',
      type: 'picklist',
      custom: true,
      values: ['-None-', ...COUNTRIES.map((c) => c.name)],
    },
    { api: 'Solution_Type', label: 'Solution Type', type: 'multiselectpicklist', custom: true, values: SOLUTION_TYPES },
    ...DEAL_MILESTONES.map(([api, label]): FieldDef => ({ api, label, type: 'date', custom: true })),
    ...SYSTEM_FIELDS,
  ],
  Accounts: [
    { api: 'Owner', label: 'Account Owner', type: 'ownerlookup' },
    { api: 'Account_Name', label: 'Account Name', type: 'text', mandatory: true, length: 200 },
    { api: 'Phone', label: 'Phone', type: 'phone', length: 30 },
    { api: 'Website', label: 'Website', type: 'website', length: 255 },
    {
      api: 'Industry',
      label: 'Industry',
      type: 'picklist',
      values: ['-None-', 'Banking', 'Government', 'Healthcare', 'Logistics', 'Manufacturing', 'Retail', 'Telecom'],
    },
    { api: 'Billing_Country', label: 'Billing Country', type: 'text', length: 100 },
    { api: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    ...SYSTEM_FIELDS,
  ],
  Contacts: [
    { api: 'Owner', label: 'Contact Owner', type: 'ownerlookup' },
    { api: 'First_Name', label: 'First Name', type: 'text', length: 40 },
    { api: 'Last_Name', label: 'Last Name', type: 'text', mandatory: true, length: 80 },
    { api: 'Full_Name', label: 'Full Name', type: 'text', readOnly: true, length: 120 },
    { api: 'Email', label: 'Email', type: 'email', length: 100 },
    { api: 'Phone', label: 'Phone', type: 'phone', length: 30 },
    { api: 'Title', label: 'Title', type: 'text', length: 100 },
    { api: 'Account_Name', label: 'Account Name', type: 'lookup', lookup: 'Accounts' },
    ...SYSTEM_FIELDS,
  ],
};

export const DEAL_FIELD_BY_API = new Map(FIELD_DEFS.Deals.map((f) => [f.api, f]));

/** Stable ids derived from module and position. */
function fieldId(module: ModuleName, index: number): string {
  const base = { Deals: 5843210000000002400n, Accounts: 5843210000000002500n, Contacts: 5843210000000002600n }[module];
  return String(base + BigInt(index));
}

function picklistValues(def: FieldDef, fieldIdText: string) {
  return (def.values ?? []).map((v, i) => {
    const base: Record<string, unknown> = {
      display_value: v,
      sequence_number: i + 1,
      reference_value: v,
      colour_code: null,
      actual_value: v,
      id: `${fieldIdText.slice(0, -3)}${String(100 + i).padStart(3, '0')}`,
      type: 'used',
    };
    const stage = def.api === 'Stage' ? STAGES.find((s) => s.name === v) : undefined;
    if (stage) {
      base.probability = stage.probability;
      base.forecast_type = stage.forecastType;
      base.forecast_category = stageForecastCategory(stage.forecastType);
    }
    return base;
  });
}

function stageForecastCategory(type: string) {
  return type === 'Open'
    ? { name: 'Pipeline', id: '5843210000000081001' }
    : type === 'Closed Won'
      ? { name: 'Closed', id: '5843210000000081002' }
      : { name: 'Omitted', id: '5843210000000081003' };
}

export function fieldJson(module: ModuleName, def: FieldDef, index: number): Record<string, unknown> {
  const id = fieldId(module, index);
  const ro = Boolean(def.readOnly);
  const numeric = def.type === 'integer' || def.type === 'double' || def.type === 'currency';
  return {
    associated_module: null,
    data_type: def.type,
    operation_type: { web_update: !ro, api_create: !ro, web_create: !ro, api_update: !ro },
    system_mandatory: Boolean(def.mandatory),
    webhook: true,
    blueprint_supported: def.type !== 'lookup' && !ro,
    virtual_field: false,
    field_read_only: ro,
    customizable_properties: [],
    read_only: ro,
    custom_field: Boolean(def.custom),
    businesscard_supported: !ro,
    filterable: def.type !== 'textarea',
    visible: true,
    available_in_user_layout: true,
    display_field:
      (module === 'Deals' && def.api === 'Deal_Name') ||
      (module === 'Accounts' && def.api === 'Account_Name') ||
      def.api === 'Full_Name',
    pick_list_values_sorted_lexically: false,
    sortable: def.type !== 'multiselectpicklist' && def.type !== 'textarea',
    layout_associations: [{ api_name: 'Standard', name: 'Standard', id: LAYOUT_IDS[module] }],
    separator: false,
    searchable: def.type !== 'textarea',
    enable_colour_code: false,
    mass_update: !ro,
    json_type: JSON_TYPE[def.type],
    created_source: def.custom ? 'crm' : 'default',
    type: 'used',
    display_label: def.label,
    column_name: def.api.toUpperCase(),
    api_name: def.api,
    display_type: -1,
    ui_type: UI_TYPE[def.type],
    colour_code_enabled_by_system: false,
    length: def.length ?? (def.type === 'date' ? 20 : def.type === 'datetime' ? 120 : 255),
    decimal_place: def.type === 'currency' || def.type === 'double' ? (def.api === 'Exchange_Rate' ? 9 : 2) : null,
    quick_sequence_number: String(index + 1),
    email_parser: { fields_update_supported: false, record_operations_supported: false },
    rollup_summary: null,
    refer_from_field: null,
    created_time: def.custom ? SETUP_TIME : null,
    modified_time: def.custom ? SETUP_TIME : null,
    show_type: 7,
    category: 0,
    id,
    multi_module_lookup: null,
    sharing_properties: null,
    currency: def.type === 'currency' ? { rounding_option: 'normal', precision: 2 } : null,
    file_upolad_optionlist: [],
    lookup: def.lookup
      ? {
          display_label: def.label,
          api_name: def.api,
          module: { api_name: def.lookup, id: MODULE_IDS[def.lookup] },
          id: String(BigInt(id) + 9000n),
          query_details: {},
        }
      : null,
    profiles: [{ permission_type: ro ? 'read_only' : 'read_write', name: 'Administrator', id: ADMIN_PROFILE_ID }],
    view_type: { view: true, edit: !ro, quick_create: Boolean(def.mandatory), create: !ro },
    unique: null,
    sub_module: null,
    subform: null,
    external: null,
    formula: null,
    convert_mapping: null,
    multiselectlookup: null,
    multiuserlookup: null,
    autonumber: null,
    auto_number: null,
    pick_list_values: picklistValues(def, id),
    crypt: null,
    tooltip: null,
    history_tracking: null,
    association_details: null,
    allowed_modules: [],
    additional_column: null,
    field_label: def.label,
    'common.picklist': null,
    hipaa_compliance_enabled: false,
    hipaa_compliance: null,
    _update_existing_records: false,
    number_separator: numeric,
    textarea: def.type === 'textarea' ? { type: 'large' } : null,
    static_field: false,
  };
}

export function isModule(m: string | null): m is ModuleName {
  return m === 'Deals' || m === 'Accounts' || m === 'Contacts';
}

export function fieldsResponse(module: ModuleName) {
  return { fields: FIELD_DEFS[module].map((f, i) => fieldJson(module, f, i)) };
}

const minUser = (o: OwnerDef) => ({ name: ownerName(o), id: o.id });

export function layoutsResponse(module: ModuleName) {
  const admin = OWNERS[0];
  // Layout fields are field objects plus their placement in the layout.
  const fields = FIELD_DEFS[module].map((f, i) => ({
    ...fieldJson(module, f, i),
    required: Boolean(f.mandatory),
    validation_rule: null,
    default_value: null,
    sequence_number: i + 1,
    section_id: null,
    static_values: [],
    _delete: null,
  }));
  return {
    layouts: [
      {
        display_type: -1,
        api_name: 'Standard',
        has_more_profiles: false,
        created_time: null,
        modified_time: SETUP_TIME,
        visible: true,
        source: 'crm',
        id: LAYOUT_IDS[module],
        name: 'Standard',
        display_label: 'Standard',
        mode: 'default',
        subform_properties: { pinned_column: null },
        status: 'active',
        show_business_card: true,
        generated_type: 'default',
        created_for: null,
        convert_mapping: null,
        modified_by: minUser(admin),
        profiles: [
          {
            default: true,
            name: 'Administrator',
            id: ADMIN_PROFILE_ID,
            _default_view: { name: 'Standard', id: LAYOUT_IDS[module], type: 'layout' },
          },
        ],
        created_by: null,
        sections: [
          {
            display_label: `${module === 'Deals' ? 'Deal' : module === 'Accounts' ? 'Account' : 'Contact'} Information`,
            sequence_number: 1,
            isSubformSection: false,
            tab_traversal: '1',
            api_name: `${module}_Information`,
            column_count: 2,
            name: `${module} Information`,
            generated_type: 'default',
            id: String(BigInt(LAYOUT_IDS[module]) + 100n),
            type: 'used',
            fields,
            properties: null,
            _delete: null,
          },
        ],
        actions_allowed: {
          edit: true,
          rename: true,
          clone: true,
          downgrade: false,
          delete: false,
          deactivate: false,
          set_layout_permissions: true,
        },
      },
    ],
  };
}

export function pipelineResponse() {
  return {
    pipeline: [
      {
        display_value: 'Standard',
        default: true,
        child_available: false,
        actual_value: 'Standard',
        id: STANDARD_PIPELINE_ID,
        maps: STAGES.map((s, i) => ({
          display_value: s.name,
          sequence_number: i + 1,
          forecast_category: stageForecastCategory(s.forecastType),
          actual_value: s.name,
          id: String(BigInt(STANDARD_PIPELINE_ID) + 10n + BigInt(i)),
          forecast_type: s.forecastType,
          colour_code:
            s.forecastType === 'Closed Won' ? '#1CA44D' : s.forecastType === 'Closed Lost' ? '#E74C3C' : '#5A8DEE',
        })),
      },
    ],
  };
}

export function currenciesResponse() {
  const admin = minUser(OWNERS[0]);
  return {
    currencies: CURRENCIES.map((c, i) => ({
      symbol: c.symbol,
      created_time: SETUP_TIME,
      is_active: true,
      exchange_rate: c.rate.toFixed(9),
      format: { decimal_separator: 'Period', thousand_separator: 'Comma', decimal_places: String(c.decimals) },
      created_by: admin,
      prefix_symbol: true,
      is_base: c.iso === HOME_CURRENCY,
      modified_time: SETUP_TIME,
      name: c.name,
      modified_by: admin,
      id: String(5843210000000085001n + BigInt(i)),
      iso_code: c.iso,
    })),
  };
}

export function orgResponse() {
  const admin = OWNERS[0];
  return {
    org: [
      {
        country: 'Singapore',
        photo_id: null,
        city: 'Singapore',
        description: 'Pipeline Pulse demo organisation (Zoho CRM sandbox)',
        mc_status: true,
        gapps_enabled: false,
        translation_enabled: false,
        street: '1 Marina Boulevard',
        domain_name: 'org60012345678',
        alias: null,
        currency: 'Singapore Dollar - SGD',
        id: '5843210000000000001',
        state: null,
        fax: null,
        zip: '018989',
        employee_count: '250',
        website: 'https://pulse-demo.example',
        currency_symbol: 'S$',
        mobile: null,
        currency_locale: 'en_SG',
        primary_zuid: '60012340001',
        zia_portal_id: null,
        time_zone: ORG_TIME_ZONE,
        zgid: ZGID,
        country_code: 'SG',
        deletable_org_account: false,
        license_details: {
          paid_expiry: '2030-12-31T00:00:00+08:00',
          users_license_purchased: OWNERS.length,
          trial_type: null,
          trial_expiry: null,
          paid: true,
          paid_type: 'enterprise',
          trial_action: '',
        },
        hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
        phone: '+65 6000 0000',
        company_name: 'Pulse Demo Services Pte Ltd',
        privacy_settings: false,
        primary_email: admin.email,
        iso_code: HOME_CURRENCY,
        hipaa_compliance_enabled: false,
        lite_users_enabled: false,
        max_per_page: 200,
        ezgid: ORG_ID,
        call_icon: '',
        oauth_presence: true,
        zia_zgid: 60012345678,
        checkin_preferences: { restricted_event_types: null },
        type: 'production',
        created_time: SETUP_TIME,
      },
    ],
  };
}

export function userJson(o: OwnerDef) {
  return {
    country: 'SG',
    language: 'en_US',
    microsoft: false,
    id: o.id,
    state: null,
    fax: null,
    country_locale: 'en_SG',
    zip: null,
    created_time: SETUP_TIME,
    time_format: 'HH:mm',
    offset: 28_800_000,
    profile: { name: o === OWNERS[0] ? 'Administrator' : 'Standard', id: ADMIN_PROFILE_ID },
    role: { name: o.role, id: o === OWNERS[0] ? '5843210000000026005' : '5843210000000026008' },
    created_by: minUser(OWNERS[0]),
    full_name: ownerName(o),
    zuid: String(60012340000 + OWNERS.indexOf(o) + 1),
    phone: null,
    dob: null,
    status: 'active',
    city: null,
    signature: null,
    category: 'regular_user',
    date_format: 'dd/MM/yyyy',
    confirm: true,
    decimal_separator: 'Period',
    number_separator: 'Comma',
    time_zone: ORG_TIME_ZONE,
    last_name: o.last,
    mobile: null,
    Currency: HOME_CURRENCY,
    Modified_Time: SETUP_TIME,
    website: null,
    email: o.email,
    first_name: o.first,
    sandboxDeveloper: false,
    alias: null,
    street: null,
    Isonline: false,
    locale: 'en_SG',
    personal_account: false,
    default_tab_group: '0',
    sort_order_preference: 'First Name,Last Name',
  };
}

export function usersResponse(type: string | null) {
  const list = type === 'CurrentUser' ? [OWNERS[0]] : OWNERS;
  return { users: list.map(userJson), info: { per_page: 200, count: list.length, page: 1, more_records: false } };
}
