import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileHeader, filterBuffer, listBuffer, listFile, parseHeader, TarError, TarWriter } from './tar.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-tar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function* chunks(parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

describe('the backup tar', () => {
  it('writes an archive that tar itself lists and extracts, a streamed entry included', async () => {
    const file = path.join(tmp, 'a.tar');
    const fh = await open(file, 'wx');
    const w = new TarWriter(fh);
    const streamed = await w.stream('database.dump', chunks(['x'.repeat(700), 'y'.repeat(30)]));
    await w.file('manifest.json', Buffer.from('{"a":1}\n'));
    await w.end();
    await fh.close();
    expect(streamed.size).toBe(730);
    expect(execFileSync('tar', ['tf', file], { encoding: 'utf8' })).toBe('database.dump\nmanifest.json\n');
    const out = path.join(tmp, 'x');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['xf', file, '-C', out]);
    expect(readFileSync(path.join(out, 'database.dump'), 'utf8')).toBe(`${'x'.repeat(700)}${'y'.repeat(30)}`);
    const back = await open(file, 'r');
    const entries = await listFile(back);
    await back.close();
    expect(entries.map((e) => [e.name, e.size, e.dataOffset])).toEqual([
      ['database.dump', 730, 512],
      ['manifest.json', 8, 512 + 1024 + 512],
    ]);
  });

  it('refuses a damaged header and an archive cut short', () => {
    const tar = Buffer.concat([fileHeader('f', 3), Buffer.from('abc'), Buffer.alloc(509), Buffer.alloc(1024)]);
    expect(listBuffer(tar).map((e) => e.name)).toEqual(['f']);
    const damaged = Buffer.from(tar);
    damaged[0] = 'g'.charCodeAt(0);
    expect(() => listBuffer(damaged)).toThrow(/damaged \(checksum mismatch\)/);
    expect(() => listBuffer(tar.subarray(0, 1024))).toThrow(TarError);
  });

  it('keeps only the entries asked for, byte for byte', () => {
    const entry = (name: string, body: string) =>
      Buffer.concat([fileHeader(name, body.length), Buffer.from(body), Buffer.alloc(512 - body.length)]);
    const tar = Buffer.concat([
      entry('/PG_VERSION', '18\n'),
      entry('/palisade-vault-keys', 'k1:secret'),
      Buffer.alloc(1024),
    ]);
    const { tar: kept, dropped } = filterBuffer(tar, (e) => !e.name.includes('palisade'));
    expect(listBuffer(kept).map((e) => e.name)).toEqual(['/PG_VERSION']);
    expect(dropped.map((e) => e.name)).toEqual(['/palisade-vault-keys']);
    expect(kept.includes(Buffer.from('k1:secret'))).toBe(false);
  });

  it('reads sizes past 8 GiB in the base-256 form', () => {
    const h = fileHeader('big', 2 ** 34);
    expect(h[124]).toBe(0x80);
    expect(parseHeader(h, 0)?.size).toBe(2 ** 34);
  });
});
