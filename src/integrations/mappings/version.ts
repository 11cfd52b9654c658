/**
 * The field-mapping schema_version writes store (schema.ts defines each version). Its own module
 * so the command help that names it does not load the schemas.
 */
export const CURRENT_SCHEMA_VERSION = 2;
