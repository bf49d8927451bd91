import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinary, startPostgres, type PostgresServer } from '@retable/db';
import { runBinary } from './helpers.js';

// Text from outside (the config's file name, catalog names) must never become SQL in plan's files:
// each file is run with psql, and the table the names try to drop must still be there.
const hostile = 'x\nDROP TABLE victim;\n--';
const configName = 'cfg\nDROP TABLE victim;\n--.json';
// A valid identifier that holds the dollar tag of the DO blocks.
const renames = { leads: 'crm$retable$leads' };
let server: PostgresServer;
let app: string;

const psql = (database: string, file: string) =>
  execFileSync(findPostgresBinary('psql')!, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url(database), '-f', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

async function tables(database: string): Promise<string[]> {
  const client = await server.connect(database);
  try {
    const { rows } = await client.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'v') order by relname`,
    );
    return rows.map((row) => row.relname);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  app = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-injection-'));
  await writeFile(path.join(app, configName), JSON.stringify({ renames }));
  server = await startPostgres();
  const admin = await server.connect('postgres');
  await admin.exec('create role anon nologin');
  await admin.close();
  for (const database of ['catalog', 'plain']) {
    await server.createDatabase(database);
    const client = await server.connect(database);
    try {
      await client.exec(`
        create table victim (id int);
        create table leads (id int primary key, name text);
        grant select on leads to anon;
        create publication ${JSON.stringify(`pub${hostile}`)} for table leads;
        create function ${JSON.stringify(`f${hostile}`)}() returns bigint language sql as $$ select count(*) from public.leads $$;
      `);
    } finally {
      await client.close();
    }
  }
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await rm(app, { recursive: true, force: true });
});

describe('plan: names and file names never become SQL', () => {
  it.each([
    ['from the catalog (--db-url)', 'catalog', true],
    ['from the map alone', 'plain', false],
  ])('%s: expand, contract and rollback run with psql and victim stays', async (_label, database, withCatalog) => {
    const out = `out-${database}`;
    const args = ['plan', '--config', configName, '--out', out, ...(withCatalog ? ['--db-url', server.url(database)] : [])];
    const result = runBinary(args, app);
    expect(result.stderr).not.toMatch(/^DROP TABLE/m);
    expect(result.code).toBe(0);
    const expand = await readFile(path.join(app, out, 'expand.sql'), 'utf8');
    // Every line that mentions the payload is a comment or inside a quoted name or literal.
    for (const line of expand.split('\n')) expect(line).not.toMatch(/^DROP TABLE victim/);
    expect(expand).toContain('-- Rename map (cfg\\nDROP TABLE victim;\\n--.json)');
    if (withCatalog) {
      expect(expand).toContain('publication "pubx\\nDROP TABLE victim;\\n--"');
      expect(result.stderr).toContain('warning: public.leads is in publication "pubx\\nDROP TABLE victim;\\n--": a view cannot join');
    }
    // The DO blocks pick a tag the name does not hold.
    expect(expand).not.toMatch(/^DO \$retable\$$/m);

    psql(database, path.join(app, out, 'expand.sql'));
    expect(await tables(database)).toEqual(['crm$retable$leads', 'leads', 'victim']);
    psql(database, path.join(app, out, 'rollback.sql'));
    expect(await tables(database)).toEqual(['leads', 'victim']);
    psql(database, path.join(app, out, 'expand.sql'));
    psql(database, path.join(app, out, 'contract.sql'));
    expect(await tables(database)).toEqual(['crm$retable$leads', 'victim']);
  });
});
