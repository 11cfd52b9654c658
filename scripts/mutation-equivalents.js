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
    'decodeJwt, two lines below, refuses any other number of parts with the same message',
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
  // src/net
  eq(
    'src/net/addresses.ts',
    "let a = address.toLowerCase().split('%')[0]!;",
    'MethodExpression',
    'address.toUpperCase()',
    'hex groups parse the same in either case, and the other patterns are digits, dots and colons',
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
