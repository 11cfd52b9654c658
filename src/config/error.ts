/**
 * A sentence that tells the operator what to fix; the CLI prints it and exits 2. Its own module,
 * free of dependencies, so the CLI can recognise it without loading the configuration schema.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
