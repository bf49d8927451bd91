import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReferences, listSourceFiles, parseConfig } from '@retable/core';
import { RENAMES, generateCorpus } from '../corpus.mjs';

interface Generated {
  files: number;
  bytes: number;
  referenceFiles: string[];
  lookAlikeFiles: number;
}

const FILES = 1500;
let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'retable-bench-corpus-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Every file of a tree, path → sha1, and the config. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const { config } = parseConfig(JSON.parse(await readFile(path.join(dir, 'retable.config.json'), 'utf8')));
  const files = await listSourceFiles({ root: dir, config });
  const hashes = new Map<string, string>();
  for (const file of files) {
    hashes.set(file, createHash('sha1').update(await readFile(path.join(dir, file))).digest('hex'));
  }
  return hashes;
}

describe('bench corpus', () => {
  let first: Generated;
  let firstDir: string;
  beforeAll(async () => {
    firstDir = path.join(base, 'a');
    first = (await generateCorpus({ dir: firstDir, files: FILES, seed: 7 })) as Generated;
  });

  it('is deterministic: the same seed gives the same tree, another seed another', async () => {
    const again = (await generateCorpus({ dir: path.join(base, 'b'), files: FILES, seed: 7 })) as Generated;
    const other = (await generateCorpus({ dir: path.join(base, 'c'), files: FILES, seed: 8 })) as Generated;
    const a = await snapshot(firstDir);
    expect(a.size).toBe(FILES);
    expect(first.files).toBe(FILES);
    expect([...(await snapshot(path.join(base, 'b')))]).toEqual([...a]);
    expect(again).toEqual(first);
    const c = await snapshot(path.join(base, 'c'));
    const differing = [...c].filter(([file, hash]) => a.get(file) !== hash).length;
    expect(differing).toBeGreaterThan(FILES / 2);
  });

  it('has table references in a few percent of the files, exactly where the finder sees them', async () => {
    const config = JSON.parse(await readFile(path.join(firstDir, 'retable.config.json'), 'utf8'));
    expect(config).toEqual({ renames: RENAMES });
    const { config: parsed, map } = parseConfig(config);
    const files = await listSourceFiles({ root: firstDir, config: parsed });
    const { references, parseProblems } = await findReferences({ root: firstDir, map, files });
    expect(parseProblems).toEqual([]);

    const withStaticReferences = [...new Set(references.filter((r) => r.status !== 'dynamic').map((r) => r.file))].sort();
    expect(withStaticReferences).toEqual(first.referenceFiles);
    const share = first.referenceFiles.length / FILES;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.045);
    // Every form is there, old and new names, and dynamic names too.
    expect(new Set(references.map((r) => r.kind))).toEqual(
      new Set(['from', 'embed', 'spread', 'hint', 'realtime', 'type', 'constant']),
    );
    expect(references.some((r) => r.status === 'old')).toBe(true);
    expect(references.some((r) => r.status === 'new')).toBe(true);
    expect(references.some((r) => r.status === 'dynamic')).toBe(true);
  });

  it('uses the old names as plain words in many more files than the references (what a grep counts)', async () => {
    const word = new RegExp(`\\b(?:${Object.keys(RENAMES).join('|')})\\b`);
    const a = await snapshot(firstDir);
    const mentioning: string[] = [];
    for (const file of a.keys()) {
      if (word.test(await readFile(path.join(firstDir, file), 'utf8'))) mentioning.push(file);
    }
    const lookAlikeOnly = mentioning.filter((file) => !first.referenceFiles.includes(file));
    expect(lookAlikeOnly.length).toBe(first.lookAlikeFiles);
    expect(first.lookAlikeFiles).toBeGreaterThan(first.referenceFiles.length * 3);
  });
});
