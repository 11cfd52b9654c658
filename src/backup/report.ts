import type { RestoreReport, Verification } from './restore.ts';
import type { CountCheck } from './verify.ts';

/** What `restore` and `backup verify` print: counts and key ids, never a secret. */

const list = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, n]) => `${k} (${n})`)
    .join(', ');

export function describeVerification(
  counts: CountCheck,
  verify: Verification | undefined,
  opts: { offline?: boolean } = {},
): string[] {
  const out: string[] = [];
  if (!counts.differences.length) {
    out.push(`  Row counts: ${counts.tables} tables, ${counts.rows} rows, each as the manifest says.`);
  } else {
    out.push(`  Row counts DIFFER from the manifest in ${counts.differences.length} table(s):`);
    for (const d of counts.differences.slice(0, 20))
      out.push(`    ${d.table}: ${d.actual ?? 'missing'} (manifest: ${d.expected ?? 'not in the backup'})`);
  }
  if (!verify) return out;
  const a = verify.audit;
  out.push(
    a.ok
      ? `  Audit chains: all ${a.chains} hold (${a.entries} entries)${a.unchecked ? `; ${a.unchecked} anchor(s) compared but not authenticated (no trusted key: PALISADE_AUDIT_SIGNING_KEY or PALISADE_AUDIT_PUBLIC_KEYS)` : ''}.`
      : `  Audit chains: ${a.broken.length} of ${a.chains} BROKEN: ${a.broken.map((b) => `${b.chain} of ${b.orgId} at seq ${b.broken?.seq} (${b.broken?.problem})`).join('; ')}.`,
  );
  const v = verify.vault;
  if (!v.secrets) out.push('  Vault: no secrets.');
  else if (v.ring === null) {
    out.push(
      opts.offline
        ? `  Vault: ${v.secrets} secret(s) not opened: set PALISADE_VAULT_KEYS to check them (key ids needed: ${list(v.missingKeyIds)}).`
        : `  Vault: ${v.secrets} secret(s) NOT VERIFIED: no key ring. The backup holds no keys: set PALISADE_VAULT_KEYS to the ring you backed up (key ids needed: ${list(v.missingKeyIds)}).`,
    );
  } else if (v.ok) out.push(`  Vault: all ${v.secrets} secret(s) open with the key ring (${v.ring}).`);
  else {
    out.push(`  Vault: ${v.opened} of ${v.secrets} secret(s) open with the key ring (${v.ring}).`);
    if (Object.keys(v.missingKeyIds).length)
      out.push(`    Sealed with key ids the ring lacks: ${list(v.missingKeyIds)}. Restore the key ring you backed up.`);
    if (Object.keys(v.failedKeyIds).length)
      out.push(
        `    Failed authentication although the ring has their key id: ${list(v.failedKeyIds)}. The key under that id is not the one they were sealed with, or the ciphertext was altered.`,
      );
  }
  return out;
}

export function describeRestore(r: RestoreReport): string[] {
  const out = [
    `Restored ${r.file} (a ${r.backup.engine} backup of ${r.backup.source}, taken ${r.backup.createdAt} by Palisade ${r.backup.palisadeVersion}, PostgreSQL ${r.backup.postgres}) into ${r.target}.`,
    ...describeVerification(r.counts, r.verify),
  ];
  if (r.reapplied?.length)
    out.push(
      `  auth is Supabase's here: applied ${r.reapplied.join(', ')} again for Palisade's trigger on auth.users.`,
    );
  if (r.replaced)
    out.push(`  The database it replaced is kept in ${r.replaced}: delete it once you no longer need it.`);
  if (r.carried?.length) out.push(`  Carried over from the data dir it replaced: ${r.carried.join(', ')}.`);
  if (r.migrationDifferences.length) {
    out.push(
      `  Note: its migrations differ from this Palisade's (${r.migrationDifferences.slice(0, 5).join(', ')}${r.migrationDifferences.length > 5 ? ', …' : ''}): serve it with the Palisade version that wrote it (${r.backup.palisadeVersion}).`,
    );
  }
  if (!r.verify)
    out.push(
      '  Run again with --verify, or `palisade audit verify` and `palisade vault status`, to check chains and keys.',
    );
  if (r.createdRoles?.length) {
    const login = r.loginRole && r.createdRoles.includes(r.loginRole) ? r.loginRole : null;
    out.push(
      `  Created the roles this cluster lacked: ${r.createdRoles.join(', ')}.${login ? ` Give ${login} a login and password before the server connects as it (docs/server.md).` : ''}`,
    );
  }
  if (!r.verify?.vault.ok && !r.carried?.length)
    out.push(
      '  Keys: the backup holds none. Set PALISADE_VAULT_KEYS to the key ring you backed up (embedded: or put its key files in the data dir, mode 0600).',
    );
  return out;
}
