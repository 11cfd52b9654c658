/**
 * The one configuration module: every environment variable is read here (env.ts, readEnv) and
 * interpreted by the sections below; nothing else reads the process environment.
 */
export { ConfigError, ENV_VARIABLES, LOG_LEVELS, readEnv, type Env, type EnvName } from './env.ts';
export { engineConfig, redactUrl, type EngineConfig } from './engine.ts';
export { loadServerConfig, type LoadedServerConfig, type ServerConfig } from './server.ts';
export { ADMIN_AUDIENCE, ADMIN_ISSUER, ADMIN_TOKEN_MAX_TTL_SECONDS, MIN_SECRET_LENGTH, type AuthConfig } from './auth.ts';
