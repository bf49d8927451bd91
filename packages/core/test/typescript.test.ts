import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { scriptKindFor, ts } from '@retable/core';

test('the exported compiler API is the one require() returns, so it loads once per process', () => {
  const required = createRequire(import.meta.url)('typescript') as typeof ts;
  expect(ts).toBe(required);
  expect(typeof ts.createSourceFile).toBe('function');
});

test('script kinds by extension', () => {
  expect(['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx'].map((f) => ts.ScriptKind[scriptKindFor(f)])).toEqual([
    'TS',
    'TS',
    'TS',
    'TSX',
    'JS',
    'JS',
    'JS',
    'JSX',
  ]);
});
