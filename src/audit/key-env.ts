// The variables that carry the audit keys (keys.ts reads them). Their own module so the command
// help that names them does not load the key code and the configuration schema.
export const SIGNING_KEY_ENV = 'PALISADE_AUDIT_SIGNING_KEY';
export const PUBLIC_KEYS_ENV = 'PALISADE_AUDIT_PUBLIC_KEYS';
