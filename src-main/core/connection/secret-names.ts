/** Keychain account names (namespaced per profile by the SecretStore). The only place secrets go. */
export const REFRESH_TOKEN = 'zoho.refresh_token';
export const CLIENT_SECRET = 'zoho.client_secret';
