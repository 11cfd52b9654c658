// The integration types Palisade ships, one line each, sorted (`npm run format` sorts them). Adding
// a type is a file beside this one, its test (`<file>.test.ts`, running describeIntegrationType)
// and a line here: docs/integration-foundation/extending-integration-types.md.

export { cornerstone } from './cornerstone.ts';
export { dynamics365 } from './dynamics365.ts';
export { httpApi } from './http-api.ts';
export { hubspot } from './hubspot.ts';
export { xledger } from './xledger.ts';
