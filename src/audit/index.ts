/** The audit library other modules and the server use; docs/audit.md describes each piece. */
export { anchorChains, readAnchorFile, type AnchorFile, type AnchorResult } from './anchors.ts';
export { canonicalBytes, entryHash, CHAINS, type CanonicalEntry, type Chain } from './canonical.ts';
export { auditContextStatement, type AuditContext } from '../db/request-context.ts';
export { resolveSigningKey, trustedKeys, type SigningKey, type TrustedKey } from './keys.ts';
export { anchorIntervalMs, startAnchorSchedule, type AnchorSchedule } from './schedule.ts';
export { verifyChains, type ChainReport, type VerifyOptions, type VerifyResult } from './verify.ts';
