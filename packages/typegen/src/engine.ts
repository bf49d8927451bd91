import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * postgrest-typegen's own introspection modules, by their file under its `dist/introspection/`
 * (its exports map has no entry for them), and the installed version. retable's published bundle
 * replaces this module with one that has the same files inlined (scripts/bundle.mjs).
 */
export interface EngineFiles {
  readonly version: string | undefined;
  load(file: string): Promise<any>;
}

export function engineFiles(): EngineFiles {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@supabase/postgrest-typegen/introspection');
  const pkg = require(path.join(path.dirname(entry), '..', '..', 'package.json')) as { version?: string };
  return { version: pkg.version, load: (file) => import(pathToFileURL(path.join(path.dirname(entry), file)).href) };
}
