/** Keychain account names (namespaced per profile by the SecretStore). The only place secrets go. */
export const REFRESH_TOKEN = 'zoho.refresh_token';
export const CLIENT_SECRET = 'zoho.client_secret';
/** The instant-updates channel's token (Zoho sends it back with every notification). */
export const WEBHOOK_TOKEN = 'webhook.channel_token';
