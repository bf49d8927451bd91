import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { writeFileAtomic } from '@retable/core/base';
import { BOOTSTRAP_EXTENSIONS, SUPABASE_BOOTSTRAP_SQL } from './bootstrap.js';

const require = createRequire(import.meta.url);

/**
 * Where retable keeps its cache: `$RETABLE_CACHE_DIR`, else `node_modules/.cache/retable` of the
 * nearest node_modules above `cwd` (the convention of babel, eslint, vite), else
 * `$XDG_CACHE_HOME/retable` or `~/.cache/retable`.
 */
export function defaultCacheDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.RETABLE_CACHE_DIR) return path.resolve(cwd, env.RETABLE_CACHE_DIR);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'retable');
    if (path.dirname(dir) === dir) break;
  }
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'retable');
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = require(file) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
  }
  return 'unknown';
}

/** The snapshot's name changes with PGlite's version and the bootstrap SQL, so a stale one is never read. */
export function snapshotKey(): string {
  const hash = createHash('sha256').update(`1\0${pgliteVersion()}\0${process.arch}\0${SUPABASE_BOOTSTRAP_SQL}`).digest('hex');
  return `pglite-bootstrap-${hash.slice(0, 16)}.tar`;
}

/** PGlite's bundled extensions (and pgvector's package), by the name `create extension` uses. */
export async function loadPgliteExtensions(names: readonly string[]): Promise<Record<string, Extension>> {
  const extensions: Record<string, Extension> = {};
  for (const name of new Set(names)) {
    const key = name.replace(/-/g, '_');
    const specifier = name === 'vector' ? '@electric-sql/pglite-pgvector' : `@electric-sql/pglite/contrib/${key}`;
    try {
      const loaded = (await import(/* @vite-ignore */ specifier)) as Record<string, Extension>;
      const extension = loaded[key];
      if (extension) extensions[key] = extension;
    } catch {
      // Not bundled with PGlite: a stand-in, or the migration that creates it fails with a hint.
    }
  }
  return extensions;
}

/** The PostgreSQL major version of the pinned PGlite (checked by a test). */
export const PGLITE_POSTGRES_MAJOR = 18;

/** Supabase's search_path, as set for every session of a Supabase database. */
export const SUPABASE_SEARCH_PATH = '"$user", public, extensions';

/**
 * PGlite's start parameters with Supabase's search_path instead of PGlite's `public`, so it is
 * what a session starts with and what `RESET ALL` (the last line of every `supabase db dump`)
 * goes back to. PGlite (single-user mode) ignores `alter database … set`.
 */
export function pgliteStartParams(PGliteClass: { defaultStartParams?: string[] }): string[] {
  const setting = `search_path=${SUPABASE_SEARCH_PATH}`;
  const defaults = PGliteClass.defaultStartParams ?? ['--single', '-F', '-O', '-j'];
  const index = defaults.findIndex((param) => param.startsWith('search_path='));
  return index >= 0 ? defaults.map((param, i) => (i === index ? setting : param)) : [...defaults, '-c', setting];
}

export interface OpenBootstrappedOptions {
  /** Extension bundles to load (`create extension` names); the bootstrap's are always loaded to create the snapshot. */
  extensions?: readonly string[];
  /** Cache directory for the bootstrapped snapshot; undefined disables the cache. */
  cacheDir?: string;
  onProgress?: (message: string) => void;
}

/**
 * An in-memory PGlite with the Supabase bootstrap applied. The first run creates the cluster
 * (PGlite's initdb, several seconds) and saves a snapshot of the bootstrapped data directory;
 * later runs load the snapshot instead.
 */
export async function openBootstrappedPglite(options: OpenBootstrappedOptions = {}): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const wanted = options.extensions ?? [];
  const snapshot = options.cacheDir ? path.join(options.cacheDir, snapshotKey()) : undefined;
  if (snapshot && existsSync(snapshot)) {
    try {
      const data = await readFile(snapshot);
      // The snapshot has the bootstrap's extensions in its catalog; their code is loaded only
      // when the migrations may call it (see `extensionsNeeded`), which keeps the start fast.
      const extensions = await loadPgliteExtensions(wanted);
      return await PGlite.create({ loadDataDir: new Blob([data]), extensions, startParams: pgliteStartParams(PGlite) });
    } catch {
      // A damaged snapshot: start from scratch and write a new one.
    }
  }
  options.onProgress?.('creating the PGlite database (first run; later runs reuse a snapshot)');
  const extensions = await loadPgliteExtensions([...BOOTSTRAP_EXTENSIONS, ...wanted]);
  const db = await PGlite.create({ extensions, startParams: pgliteStartParams(PGlite) });
  await db.exec(SUPABASE_BOOTSTRAP_SQL);
  if (snapshot && options.cacheDir) {
    try {
      // Uncompressed: loading skips a 40 MB inflate, the slowest part of a warm start after PGlite's own.
      const blob = await db.dumpDataDir('none');
      await writeFileAtomic(snapshot, new Uint8Array(await blob.arrayBuffer()));
      // Snapshots of other PGlite versions or bootstrap SQL are never read again.
      for (const name of await readdir(options.cacheDir)) {
        if (name.startsWith('pglite-bootstrap-') && name !== path.basename(snapshot) && !name.endsWith('.tmp')) {
          await rm(path.join(options.cacheDir, name), { force: true });
        }
      }
    } catch {
      // The cache is an optimisation: a read-only cache directory only costs time.
    }
  }
  return db;
}
