/**
 * The one configuration module: every environment variable is read here (env.ts, readEnv) and
 * interpreted by the sections below; nothing else reads the process environment.
 */

export { type EngineConfig, engineConfig, redactUrl } from './engine.ts';
export {
  ConfigError,
  DEFAULT_LOGIN_ROLE,
  ENV_VARIABLES,
  type Env,
  isLoginRoleName,
  LOGIN_ROLE_RULE,
  readEnv,
} from './env.ts';
export { loadServerConfig, type ServerConfig } from './server.ts';
