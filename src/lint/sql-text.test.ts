import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Finding, formatLocation } from './rules.ts';
import { lintSqlText } from './sql-text/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.join(here, 'fixtures', 'sql-text', name);

/** `file:line:col` and the first quoted culprit of a finding (or its message when it quotes none). */
const brief = (f: Finding) =>
  `${f.rule} ${formatLocation(f.location)} ${/^\.?\w+\(\)/.exec(f.message)?.[0] ?? ''} ${/`([^`]*)`/.exec(f.message)?.[1] ?? f.message}`.replace(
    /\s+/g,
    ' ',
  );

describe('palisade lint --source (PAL011 client-text-in-sql)', () => {
  it('finds client text reaching SQL text by every route: templates, concatenation, names, functions, scripts, configs, statements, preludes, the engine pipeline, keys, lets, arrays, helpers, class fields (readonly or not), reassigned parameters, numbers, library results', async () => {
    const r = await lintSqlText([fixture('bad.ts')], here);
    expect(r.files).toBe(1);
    expect(r.findings.map(brief)).toEqual([
      'PAL011 fixtures/sql-text/bad.ts:14:18 .query() req.body.title',
      'PAL011 fixtures/sql-text/bad.ts:16:18 .query() req.query.sort',
      "PAL011 fixtures/sql-text/bad.ts:19:18 .query() req.headers['x-user']",
      'PAL011 fixtures/sql-text/bad.ts:21:18 .query() req.query.owner',
      "PAL011 fixtures/sql-text/bad.ts:23:17 .exec() req.headers['user-agent']",
      'PAL011 fixtures/sql-text/bad.ts:25:22 .query() req.body.x',
      'PAL011 fixtures/sql-text/bad.ts:27:18 .batch() req.body.y',
      'PAL011 fixtures/sql-text/bad.ts:28:40 .transaction() req.body.z',
      'PAL011 fixtures/sql-text/bad.ts:31:18 .query() req.body',
      'PAL011 fixtures/sql-text/bad.ts:35:18 .query() req.query.order',
      'PAL011 fixtures/sql-text/bad.ts:38:18 .query() req.query.kind',
      'PAL011 fixtures/sql-text/bad.ts:40:18 .query() req.query.limit',
      'PAL011 fixtures/sql-text/bad.ts:44:18 .query() req.query.tag',
      'PAL011 fixtures/sql-text/bad.ts:46:26 pipeline() req.body.p',
      'PAL011 fixtures/sql-text/bad.ts:59:19 .query() table',
      "PAL011 fixtures/sql-text/bad.ts:64:17 .exec() readFileSync('/tmp/script.sql', 'utf8')",
      'PAL011 fixtures/sql-text/bad.ts:66:18 .query() JSON.stringify({ a: 1 })',
      'PAL011 fixtures/sql-text/bad.ts:73:21 .query() req.query.table',
      'PAL011 fixtures/sql-text/bad.ts:78:19 .query() req.query.order',
      'PAL011 fixtures/sql-text/bad.ts:88:21 .query() this.table',
      'PAL011 fixtures/sql-text/bad.ts:98:18 .query() id',
      'PAL011 fixtures/sql-text/bad.ts:99:3 a constant-sql comment on SQL text the linter proves constant: remove it',
      'PAL011 fixtures/sql-text/bad.ts:101:3 unknown palisade-lint directive "trust-me"',
      'PAL011 fixtures/sql-text/bad.ts:104:1 a constant-sql comment that excuses nothing: no SQL text the linter checks is built at this statement',
    ]);
    expect(r.findings[0]!.message).toContain('`req` is a parameter of a function passed as a value');
    expect(r.findings.find((f) => formatLocation(f.location).endsWith(':98:18'))!.message).toContain(
      'a constant-sql comment needs a reason',
    );
    expect(r.notices).toEqual([]);
  });

  it('calls by a computed name, through .call and .apply, or taken off their object are sinks too', async () => {
    const r = await lintSqlText([fixture('indirect.ts')], here);
    expect(r.calls).toBe(6);
    expect(r.findings.map(brief)).toEqual([
      'PAL011 fixtures/sql-text/indirect.ts:8:21 .query() req.query.a',
      'PAL011 fixtures/sql-text/indirect.ts:9:27 .query() req.query.b',
      'PAL011 fixtures/sql-text/indirect.ts:10:28 .query() req.query.c',
      'PAL011 fixtures/sql-text/indirect.ts:12:15 query() req.query.d',
    ]);
  });

  it('accepts literals, constant fragments, tables of constants picked by key, numbered parameters and PGlite tagged templates; a constant-sql comment is a note, not a pass in silence', async () => {
    const r = await lintSqlText([fixture('accepted.ts')], here);
    expect(r.findings).toEqual([]);
    expect(r.calls).toBe(13);
    expect(r.notices.map((n) => `${n.kind} ${formatLocation(n.location)}`)).toEqual([
      'constant-sql fixtures/sql-text/accepted.ts:54:9',
    ]);
    expect(r.notices[0]!.message).toContain('the name is one of the catalog');
  });

  it('flags the sqlLiteral code from git history: the User-Agent reached a transaction prelude as SQL text', async () => {
    const r = await lintSqlText([fixture('sqlliteral.ts')], here);
    expect(r.findings.map(brief)).toEqual([
      'PAL011 fixtures/sql-text/sqlliteral.ts:41:6 .transaction() JSON.stringify(claims)',
      'PAL011 fixtures/sql-text/sqlliteral.ts:46:18 .query() JSON.stringify(claims)',
    ]);
    expect(r.findings[0]!.message).toContain("`req.headers['user-agent']` (line 60)");
    expect(r.findings[0]!.message).toContain('`req.ip` (line 59)');
  });

  it('a constant-sql comment before a call excuses the argument it passes, where the unprovable value enters', async () => {
    const r = await lintSqlText([fixture('call-site.ts')], here);
    expect(r.findings.map(brief)).toEqual(['PAL011 fixtures/sql-text/call-site.ts:8:19 .query() req.query.table']);
    expect(r.notices.map((n) => `${n.kind} ${formatLocation(n.location)}`)).toEqual([
      'constant-sql fixtures/sql-text/call-site.ts:13:9',
    ]);
  });
});
