import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { tempProject } from './helpers.js';

/**
 * Which retable.config.json the rule reads: found upward from each linted file (each app of a
 * monorepo has its own), or the `configFile` option relative to ESLint's working directory, which
 * is then the project root (as `retable --config`).
 */
const code = "import { supabase } from './client';\nsupabase.from('orders');\nsupabase.from('customers');\n";

function lint(cwd: string, file: string, options: Record<string, unknown>[] = []): string[] {
  const linter = new Linter({ cwd });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], plugins: { retable: plugin }, rules: { 'retable/no-legacy-table': ['error', ...options] } }],
    path.join(cwd, file),
  );
  return messages.map((m) => `${m.line}:${m.column} ${m.message.slice(0, m.message.indexOf(';'))}`);
}

describe('config discovery', () => {
  it('each app of a monorepo gets its own config, found upward from the file', () => {
    const dir = tempProject('monorepo', { renames: { orders: 'sales_orders' } }, {
      'apps/web/src/a.ts': code,
      'apps/admin/retable.config.json': JSON.stringify({ renames: { customers: 'crm_customers' } }),
      'apps/admin/src/b.ts': code,
    });
    expect(lint(dir, 'apps/web/src/a.ts')).toEqual(['2:16 "orders" was renamed to "sales_orders" (from)']);
    expect(lint(dir, 'apps/admin/src/b.ts')).toEqual(['3:16 "customers" was renamed to "crm_customers" (from)']);
  });

  it('configFile is relative to ESLint’s working directory, the project root', () => {
    const dir = tempProject('config-file', { renames: { customers: 'crm_customers' } }, {
      'config/renames.json': JSON.stringify({ renames: { orders: 'sales_orders' }, include: ['src/**'] }),
      'src/a.ts': code,
      'lib/b.ts': code,
    });
    expect(lint(dir, 'src/a.ts', [{ configFile: 'config/renames.json' }])).toEqual(['2:16 "orders" was renamed to "sales_orders" (from)']);
    // Outside the config's include: not a file the CLI scans.
    expect(lint(dir, 'lib/b.ts', [{ configFile: 'config/renames.json' }])).toEqual([]);
  });

  it('a bad config stops the lint with the CLI’s one-line message', () => {
    const dir = tempProject('bad-config', { renames: { orders: 'orders' } }, { 'src/a.ts': code });
    expect(() => lint(dir, 'src/a.ts')).toThrow('retable.config.json: renames.orders: renames "orders" to itself; remove the entry');
  });
});
