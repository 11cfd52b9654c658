/**
 * Surviving mutants that are documented instead of killed. Each entry names the file, the original
 * line (trimmed), the mutator and the replacement exactly as Stryker reports them, and says why in
 * one line. Nearly all are equivalent: the mutated code behaves as the original for every input it
 * can receive, so no test can tell them apart. The few that are not say so ("race only").
 * scripts/mutate.js counts a survivor matching an entry as documented, not as a failure, and
 * reports entries that no longer match any survivor, so the list cannot go stale silently.
 * docs/testing.md ("Mutation testing") shows the same table.
 */
const eq = (file, line, mutator, replacement, reason) => ({ file, line, mutator, replacement, reason });
// biome-ignore lint/suspicious/noTemplateCurlyInString: the source line of a template literal, quoted
const DNS_FAILED_LINE = "callback(new EgressError('dns_failed', `cannot resolve ${hostname}`), '', 4);";
const MISSING_LINE =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source line of a template literal, quoted
  "return `seq ${range} missing (the next entry is seq ${Number.isNaN(seq) ? 'beyond 2^53' : seq}): entries were deleted or renumbered`;";
const ROUTE_LINE =
  "routes.push({ pattern: patternOf(route.url ?? route.path), methods, catchAll: /^\\/?\\*$/.test(route.url ?? '') });";
const RACE_LINE =
  "if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ring: readKeyFile(file), source: file };";

export const EQUIVALENTS = [
  // src/auth/jwt.ts
  eq(
    'src/auth/jwt.ts',
    '? createRemoteJWKSet(new URL(cfg.jwksUrl), {',
    'ObjectLiteral',
    '{}',
    "the options spell out jose's own defaults (5 s timeout, 30 s cooldown, 10 min cache)",
  ),
  eq(
    'src/auth/jwt.ts',
    "if (token.split('.').length !== 3) throw new PalisadeError('PS401', 'the token is malformed');",
    'ConditionalExpression',
    'false',
    'decodeJwt, just below, refuses any other number of parts with the same message',
  ),
  eq(
    'src/auth/jwt.ts',
    'audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];',
    'ConditionalExpression',
    'false',
    'audiences is only searched for the admin audience, which [undefined] holds no more than []',
  ),
  eq(
    'src/auth/jwt.ts',
    'audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];',
    'ArrayDeclaration',
    '["Stryker was here"]',
    'audiences is only searched for the admin audience, which this array does not hold either',
  ),
  eq(
    'src/auth/jwt.ts',
    "return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [",
    'BooleanLiteral',
    'true',
    'extractable: the key object never leaves the verifier, so nothing ever exports it',
  ),
  eq(
    'src/auth/jwt.ts',
    "if (typeof payload.exp !== 'number') return result;",
    'ConditionalExpression',
    'false',
    'both paths require exp and jose refuses a non-numeric one, so exp is always a number here',
  ),
  eq(
    'src/auth/jwt.ts',
    "nbf: typeof payload.nbf === 'number' ? payload.nbf : 0,",
    'ConditionalExpression',
    'true',
    'without nbf the entry holds undefined, and every comparison with NaN is false, as with 0 - skew',
  ),
  // src/http
  eq(
    'src/http/error-map.ts',
    'const SQLSTATE = /^[0-9A-Z]{5}$/;',
    'Regex',
    '/[0-9A-Z]{5}$/',
    'a code with text before five SQLSTATE characters matches no case of mapDbError, which reads codes from their start: 500 either way',
  ),
  eq(
    'src/http/error-map.ts',
    "return /^update or delete/.test(e.message ?? '')",
    'StringLiteral',
    '"Stryker was here!"',
    'a missing message does not start with "update or delete" whichever text stands in for it',
  ),
  eq(
    'src/http/error-map.ts',
    "const path = first.instancePath.replace(/^\\//, '').split('/').filter(Boolean);",
    'Regex',
    '/\\//',
    'a zod instancePath is empty or starts with "/", so its first "/" is the leading one',
  ),
  eq(
    'src/http/error-map.ts',
    "const path = first.instancePath.replace(/^\\//, '').split('/').filter(Boolean);",
    'MethodExpression',
    "first.instancePath.replace(/^\\//, '').split('/')",
    "the only empty segment is the root path's, and [''] joins to '' (no field) as [] does",
  ),
  eq(
    'src/http/errors.ts',
    ".type('application/json; charset=utf-8')",
    'StringLiteral',
    '""',
    'Fastify sends an object body as application/json; charset=utf-8 by itself',
  ),
  eq(
    'src/http/errors.ts',
    ROUTE_LINE,
    'LogicalOperator',
    'route.url && route.path',
    "Fastify's onRoute options carry path as an alias of url, so either is the same string",
  ),
  eq(
    'src/http/errors.ts',
    ROUTE_LINE,
    'Regex',
    '/^\\/?\\*/',
    "a route URL that starts with * or /* is * or /* itself: find-my-way takes a wildcard only as a path's last character",
  ),
  eq(
    'src/http/errors.ts',
    ROUTE_LINE,
    'StringLiteral',
    '"Stryker was here!"',
    'Fastify gives every route a url, so the fallback is never read',
  ),
  // src/apikeys, src/vault
  eq(
    'src/apikeys/keys.ts',
    "return createHash('sha256').update(plaintext, 'utf8').digest();",
    'StringLiteral',
    '""',
    "a string's encoding defaults to UTF-8",
  ),
  eq('src/vault/cipher.ts', "'utf8',", 'StringLiteral', '""', "Buffer.from's encoding defaults to UTF-8"),
  eq(
    'src/vault/cipher.ts',
    "const cipher = createCipheriv('aes-256-gcm', ring.material(keyId)!, nonce, { authTagLength: TAG_BYTES });",
    'ObjectLiteral',
    '{}',
    'AES-GCM tags are 16 bytes by default',
  ),
  eq(
    'src/vault/cipher.ts',
    "const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });",
    'ObjectLiteral',
    '{}',
    'AES-GCM tags are 16 bytes by default, and the tag set is always 16 bytes',
  ),
  ...[
    ['ConditionalExpression', 'true'],
    ['ConditionalExpression', 'false'],
    ['LogicalOperator', "b64.includes('-') && b64.includes('_')"],
  ].map(([mutator, replacement]) =>
    eq(
      'src/vault/keyring.ts',
      "const key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');",
      mutator,
      replacement,
      "Node's 'base64' and 'base64url' decoders each accept the other's alphabet",
    ),
  ),
  eq(
    'src/vault/keyring.ts',
    "const key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');",
    'StringLiteral',
    '""',
    "includes('') is always true, and Node's base64url decoder accepts the standard alphabet too",
  ),
  eq(
    'src/vault/redacted.ts',
    'else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);',
    'ConditionalExpression',
    'false',
    "an array's Object.values are its items, in order",
  ),
  eq(
    'src/vault/redacted.ts',
    "else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);",
    'ConditionalExpression',
    'true',
    'Object.values of a number or boolean is empty',
  ),
  eq(
    'src/vault/redacted.ts',
    'for (let i = 0; i < secrets.length; i++) {',
    'EqualityOperator',
    'i <= secrets.length',
    'the extra pair is base64 of "undefined:…", which no message carries',
  ),
  eq(
    'src/vault/redacted.ts',
    'for (let j = 0; j < secrets.length; j++) {',
    'EqualityOperator',
    'j <= secrets.length',
    'the extra pair is base64 of "…:undefined", which no message carries',
  ),
  eq(
    'src/vault/redacted.ts',
    'for (const v of [...variants].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {',
    'MethodExpression',
    '[...variants]',
    'every variant of a secret of 4 or more characters is itself 4 or more long',
  ),
  eq(
    'src/vault/redacted.ts',
    'for (const v of [...variants].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {',
    'ConditionalExpression',
    'true',
    'every variant of a secret of 4 or more characters is itself 4 or more long',
  ),
  eq(
    'src/vault/keys.ts',
    "if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {",
    'ConditionalExpression',
    'true',
    'the platform test is true on every platform this runs on (Linux)',
  ),
  eq(
    'src/vault/keys.ts',
    "if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {",
    'StringLiteral',
    '""',
    'the platform test is true on every platform this runs on (Linux)',
  ),
  eq(
    'src/vault/keys.ts',
    'if (existsSync(file)) return { ring: readKeyFile(file), source: file };',
    'ConditionalExpression',
    'false',
    'without the check, the exclusive create fails with EEXIST and the same file is read the same way',
  ),
  eq(
    'src/vault/keys.ts',
    "flag: 'wx',",
    'StringLiteral',
    '""',
    'the file was just found absent: only a concurrent creator, which no single process can stage, makes the flag matter',
  ),
  eq(
    'src/vault/keys.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source line of a template literal, quoted
    "writeFileSync(tmp, `${next.join('\\n')}\\n`, { mode: 0o600, flag: 'wx' });",
    'StringLiteral',
    '""',
    "the temporary name carries this process's id, so only a leftover of this very pid makes the flag matter",
  ),
  // Not equivalent, and not reachable from one process: these lines run only when another process
  // creates the key file between the existence check and the exclusive create just above them.
  ...[
    ['BlockStatement', '{}', '} catch (err) {'],
    ['ConditionalExpression', 'true', RACE_LINE],
    ['ConditionalExpression', 'false', RACE_LINE],
    ['EqualityOperator', "(err as NodeJS.ErrnoException).code !== 'EEXIST'", RACE_LINE],
    ['StringLiteral', '""', RACE_LINE],
    ['ObjectLiteral', '{}', RACE_LINE],
  ].map(([mutator, replacement, line]) =>
    eq('src/vault/keys.ts', line, mutator, replacement, 'race only: another process created the key file first'),
  ),
  // src/audit
  eq(
    'src/audit/canonical.ts',
    "const bytes = Buffer.from(value, 'utf8');",
    'StringLiteral',
    '""',
    "Buffer.from's encoding defaults to UTF-8",
  ),
  eq(
    'src/audit/canonical.ts',
    "if (format === 'v2') return Buffer.from(canonicalV2(e), 'utf8');",
    'StringLiteral',
    '""',
    "Buffer.from's encoding defaults to UTF-8",
  ),
  eq(
    'src/audit/canonical.ts',
    "const s = (v: string | null): [string | null, 'string'] => [v, 'string'];",
    'StringLiteral',
    '""',
    "any kind but 'number' and 'json' is written as a JSON string, as 'string' is",
  ),
  eq(
    'src/audit/canonical.ts',
    "[e.seq, 'number'],",
    'StringLiteral',
    '""',
    'seq is then written with JSON.stringify, which writes a number as String does',
  ),
  eq(
    'src/audit/canonical.ts',
    "v === null ? 'null' : kind === 'number' ? String(v) : kind === 'json' ? (v as string) : jsonString(v as string),",
    'ConditionalExpression',
    'false',
    'seq is then written with JSON.stringify, which writes a number as String does',
  ),
  eq(
    'src/audit/canonical.ts',
    "v === null ? 'null' : kind === 'number' ? String(v) : kind === 'json' ? (v as string) : jsonString(v as string),",
    'StringLiteral',
    '""',
    'seq is then written with JSON.stringify, which writes a number as String does',
  ),
  eq(
    'src/audit/verify.ts',
    'if (!fromDb && !fromFile) return;',
    'ConditionalExpression',
    'false',
    'the merge then yields undefined, which the reader takes as "no more anchors", as it takes the end',
  ),
  eq(
    'src/audit/verify.ts',
    'const prefix = from > 1 ? await entryBefore(ctx.run, chain, orgId, from) : undefined;',
    'ConditionalExpression',
    'true',
    'no entry comes before seq 1, so the lookup finds nothing',
  ),
  eq(
    'src/audit/verify.ts',
    'const prefix = from > 1 ? await entryBefore(ctx.run, chain, orgId, from) : undefined;',
    'EqualityOperator',
    'from >= 1',
    'no entry comes before seq 1, so the lookup finds nothing',
  ),
  eq(
    'src/audit/verify.ts',
    'const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));',
    'ArrowFunction',
    '() => undefined',
    'the pause only lets the event loop run; the entries checked are the same',
  ),
  eq(
    'src/audit/verify.ts',
    'if (++n % YIELD_EVERY === 0) await breathe();',
    'EqualityOperator',
    '++n % YIELD_EVERY !== 0',
    'the pause only lets the event loop run; the entries checked are the same',
  ),
  eq(
    'src/audit/verify.ts',
    'if (++n % YIELD_EVERY === 0) await breathe();',
    'ArithmeticOperator',
    '++n * YIELD_EVERY',
    'the pause only lets the event loop run; the entries checked are the same',
  ),
  eq(
    'src/audit/verify.ts',
    '} finally {',
    'BlockStatement',
    '{}',
    'closing the page reader only stops a prefetch of a chain that broke; the report is the same',
  ),
  eq(
    'src/audit/verify.ts',
    'let strict = false;',
    'BooleanLiteral',
    'true',
    'reading strictly in seq order from the start yields the same entries, only slower',
  ),
  // Not equivalent, and not reachable on a real database: these lines run only when PostgreSQL
  // returns a page of an index scan out of seq order, which SQL allows and no engine here does.
  ...[
    ['BooleanLiteral', 'strict', 'if (!strict) {'],
    ['ConditionalExpression', 'false', 'if (!strict) {'],
    ['BlockStatement', '{}', 'if (!strict) {'],
    ['StringLiteral', '""', "pages = entryPages(ctx.run, chain, orgId, expected, ctx.pageSize, 'strict');"],
  ].map(([mutator, replacement, line]) =>
    eq(
      'src/audit/verify.ts',
      line,
      mutator,
      replacement,
      'needs entries returned out of seq order, which no engine here does',
    ),
  ),
  eq(
    'src/audit/verify.ts',
    'if (fromDb && (!fromFile || fromDb.seq <= fromFile.seq)) {',
    'EqualityOperator',
    'fromDb.seq < fromFile.seq',
    'two anchors for the same seq are both judged against that entry, in either order',
  ),
  eq(
    'src/audit/verify.ts',
    "let format: Format = 'v2';",
    'StringLiteral',
    '""',
    'an unknown format is encoded as v1 and the v2 encoding is tried next, so every chain verifies as before',
  ),
  eq(
    'src/audit/verify.ts',
    "const other: Format = format === 'v2' ? 'v1' : 'v2';",
    'StringLiteral',
    '""',
    "the encoder writes v1 for any format but 'v2', so '' stands for 'v1'",
  ),
  eq(
    'src/audit/canonical.ts',
    'if (!a || !b || a.length !== b.length) return false;',
    'ConditionalExpression',
    'false',
    'Buffer.equals is false for buffers of different lengths anyway',
  ),
  eq(
    'src/auth/authenticate.ts',
    'const BEARER = /^Bearer[ ]+([^\\s]+)[ ]*$/i;',
    'Regex',
    '/^Bearer[ ]+([^\\s]+)[^ ]*$/i',
    'the header is trimmed before it is matched, so nothing follows the token',
  ),
  eq(
    'src/audit/verify.ts',
    MISSING_LINE,
    'StringLiteral',
    '""',
    'not reachable: needs a seq above 2^53, which bigint sequences do not reach in practice',
  ),
  // src/vault, src/apikeys (database group)
  eq(
    'src/apikeys/verify.ts',
    'context.requestId ?? null,',
    'LogicalOperator',
    'context.requestId && null',
    'the transaction already carries the request id (auditContextStatement), which record_audit_event reads for a null argument',
  ),
  // src/net
  eq(
    'src/net/addresses.ts',
    "let a = address.toLowerCase().split('%')[0]!;",
    'MethodExpression',
    'address.toUpperCase()',
    'hex groups parse the same in either case, and the other patterns are digits, dots and colons',
  ),
  eq(
    'src/net/addresses.ts',
    "const n = parseInt(g || '0', 16);",
    'StringLiteral',
    '""',
    'an empty group parses as NaN, and NaN >> 8 and NaN & 0xff are 0, as for "0"',
  ),
  eq(
    'src/net/addresses.ts',
    'const dotted = /(\\d+\\.\\d+\\.\\d+\\.\\d+)$/.exec(a);',
    'Regex',
    '/(\\d+\\.\\d+\\.\\d+\\.\\d+)/',
    'in an address isIPv6 accepted, a dotted quad can only be the last group',
  ),
  eq(
    'src/net/addresses.ts',
    "const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];",
    'StringLiteral',
    '""',
    "without '::', a.split('::') is [a], which destructures as [a, undefined]",
  ),
  eq(
    'src/net/addresses.ts',
    "const h = head ? head.split(':') : [];",
    'ArrayDeclaration',
    '["Stryker was here"]',
    'the stand-in group parses as NaN, i.e. 0, and takes the place of one of the zero groups it displaces',
  ),
  eq(
    'src/net/addresses.ts',
    "const t = tail !== undefined && tail !== '' ? tail.split(':') : [];",
    'ConditionalExpression',
    'true',
    "an empty tail splits to [''], one more group that parses as 0 in place of a filled zero",
  ),
  eq(
    'src/net/addresses.ts',
    "const t = tail !== undefined && tail !== '' ? tail.split(':') : [];",
    'StringLiteral',
    '"Stryker was here!"',
    "an empty tail then splits to [''], one group that parses as 0 in place of a filled zero",
  ),
  eq(
    'src/net/addresses.ts',
    "const t = tail !== undefined && tail !== '' ? tail.split(':') : [];",
    'ArrayDeclaration',
    '["Stryker was here"]',
    'the stand-in group parses as NaN, i.e. 0, in place of a filled zero (and is unused without a tail)',
  ),
  eq(
    'src/net/addresses.ts',
    "const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];",
    'ConditionalExpression',
    'false',
    'without a tail h has all 8 groups, so the fill is empty and the groups are h',
  ),
  eq(
    'src/net/addresses.ts',
    "const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];",
    'StringLiteral',
    '""',
    "an empty group is read as '0'",
  ),
  eq(
    'src/net/addresses.ts',
    "return /^(1|true|yes)$/i.test(env.PALISADE_ALLOW_PRIVATE_EGRESS?.trim() ?? '');",
    'StringLiteral',
    '"Stryker was here!"',
    'an unset variable is refused whichever text stands in for it',
  ),
  eq(
    'src/net/egress.ts',
    'dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {',
    'LogicalOperator',
    'options.family && 0',
    'a family of undefined means any family, as 0 does',
  ),
  eq(
    'src/net/egress.ts',
    "'',",
    'StringLiteral',
    '"Stryker was here!"',
    'the address argument is ignored when an error is passed',
  ),
  eq(
    'src/net/egress.ts',
    'if (options.all) callback(null, addresses);',
    'ConditionalExpression',
    'true',
    "Node's sockets always ask for every address (autoSelectFamily), so options.all is always true here",
  ),
  eq(
    'src/net/egress.ts',
    "const code = (err as NodeJS.ErrnoException)?.code ?? 'error';",
    'OptionalChaining',
    '(err as NodeJS.ErrnoException).code',
    'the http client never emits a null or undefined error',
  ),
  eq(
    'src/net/egress.ts',
    "method: req.method ?? 'GET',",
    'StringLiteral',
    '""',
    "Node's http client sends GET for an empty method",
  ),
  eq(
    'src/net/egress.ts',
    '} catch {',
    'BlockStatement',
    '{}',
    'json() returns undefined when parsing fails either way',
  ),
  eq(
    'src/net/egress.ts',
    "const code = (err as NodeJS.ErrnoException)?.code ?? 'error';",
    'StringLiteral',
    '""',
    'every error the http client emits here carries a code, so the fallback is never read',
  ),
  // Not equivalent, and not reachable without traffic the tests must not send: a DNS failure needs a
  // query to the system resolver, and an allowed address is a public one.
  ...[
    ['BlockStatement', '{}', 'if (err || addresses.length === 0) {'],
    ['ConditionalExpression', 'false', 'if (err || addresses.length === 0) {'],
    ['LogicalOperator', 'err && addresses.length === 0', 'if (err || addresses.length === 0) {'],
    ['StringLiteral', '""', DNS_FAILED_LINE],
    ['StringLiteral', '``', DNS_FAILED_LINE],
    ['StringLiteral', '"Stryker was here!"', DNS_FAILED_LINE],
  ].map(([mutator, replacement, line]) =>
    eq('src/net/egress.ts', line, mutator, replacement, 'needs a failed DNS lookup, and the tests send no DNS query'),
  ),
  ...['if (reason) {', 'if (reason)'].map((line) =>
    eq(
      'src/net/egress.ts',
      line,
      'ConditionalExpression',
      'true',
      'needs a public destination with private egress refused, and the tests connect to nothing public',
    ),
  ),
  eq(
    'src/net/egress.ts',
    "const host = url.hostname.replace(/^\\[|\\]$/g, '');",
    'Regex',
    '/\\[|\\]$/g',
    'URL.hostname holds a bracket only around an IPv6 literal, first and last',
  ),
  eq(
    'src/net/egress.ts',
    "const host = url.hostname.replace(/^\\[|\\]$/g, '');",
    'Regex',
    '/^\\[|\\]/g',
    'URL.hostname holds a bracket only around an IPv6 literal, first and last',
  ),
];
