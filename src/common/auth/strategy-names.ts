/** The passport strategy behind the login route (the other credentials skip passport: CredentialStrategies). */
export const EMAILPASS_STRATEGY = 'emailpass';
