import { get, loadParser, parseSql } from '@retable/sql';
import type { SqlClient } from './client.js';
import { STAND_INS, standInSql } from './supabase/stand-ins.js';

/** Replaces a migration statement: SQL to run instead ('' skips it), or undefined to run it as written. */
export type StatementRewrite = (text: string) => Promise<string | undefined>;

export interface ExtensionRewriteOptions {
  /** A Supabase-managed extension the engine lacks got its catalog stand-in (once per name). */
  onStandIn?: (extension: string) => void;
  /** Something a stand-in cannot do was left out (e.g. an hnsw index), in one line. */
  onNote?: (message: string) => void;
}

// Statements that may concern an extension; only these are parsed (again) to see what they are.
const MAY_CONCERN_EXTENSIONS = /extension|hnsw|ivfflat|security\s+label/i;

type Classified =
  | { kind: 'create'; name: string; schema?: string }
  | { kind: 'extension-ddl'; names: string[] }
  | { kind: 'index'; method: string }
  | { kind: 'label'; provider: string }
  | undefined;

const sval = (node: unknown) => get(node, 'String', 'sval') as string | undefined;

/** What the statement does to extensions, read from the Postgres parser's tree. */
async function classify(text: string): Promise<Classified> {
  if (!MAY_CONCERN_EXTENSIONS.test(text)) return undefined;
  await loadParser();
  const stmt = parseSql(text).stmts?.[0]?.stmt;
  if (!stmt) return undefined;
  const create = stmt.CreateExtensionStmt as { extname: string; options?: unknown[] } | undefined;
  if (create) {
    const schema = create.options?.find((option) => get(option, 'DefElem', 'defname') === 'schema');
    return { kind: 'create', name: create.extname, schema: schema ? sval(get(schema, 'DefElem', 'arg')) : undefined };
  }
  const names = (value: unknown) => (value === undefined ? [] : [sval(value)].filter((n): n is string => n !== undefined));
  if (get(stmt, 'CommentStmt', 'objtype') === 'OBJECT_EXTENSION') return { kind: 'extension-ddl', names: names(get(stmt, 'CommentStmt', 'object')) };
  if (get(stmt, 'AlterObjectSchemaStmt', 'objectType') === 'OBJECT_EXTENSION') {
    return { kind: 'extension-ddl', names: names(get(stmt, 'AlterObjectSchemaStmt', 'object')) };
  }
  for (const key of ['AlterExtensionStmt', 'AlterExtensionContentsStmt']) {
    const name = get(stmt, key, 'extname') as string | undefined;
    if (name) return { kind: 'extension-ddl', names: [name] };
  }
  if (get(stmt, 'DropStmt', 'removeType') === 'OBJECT_EXTENSION') {
    return { kind: 'extension-ddl', names: ((get(stmt, 'DropStmt', 'objects') as unknown[]) ?? []).flatMap(names) };
  }
  const method = get(stmt, 'IndexStmt', 'accessMethod') as string | undefined;
  if (method === 'hnsw' || method === 'ivfflat') return { kind: 'index', method };
  const provider = get(stmt, 'SecLabelStmt', 'provider') as string | undefined;
  if (provider) return { kind: 'label', provider };
  return undefined;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Statement rewrites that make a database behave like a Supabase project for migrations (each
 * statement read with the Postgres parser):
 * `create extension` of a Supabase-managed extension the engine does not ship runs its catalog
 * stand-in instead (real extensions run as written; unknown ones fail as written, so the error
 * names the file and line); `comment on`/`alter`/`drop extension` of a stand-in, pgsodium
 * security labels and pgvector's hnsw/ivfflat indexes over a stand-in are left out (they change
 * nothing the types show).
 */
export function supabaseExtensionRewrite(client: SqlClient, options: ExtensionRewriteOptions = {}): StatementRewrite {
  const reported = new Set<string>();
  const available = async (name: string) =>
    (
      await client.query(
        'select 1 from pg_available_extensions where name = $1 union all select 1 from pg_extension where extname = $1',
        [name],
      )
    ).rows.length > 0;
  const useStandIn = (name: string) => {
    if (!reported.has(name)) {
      reported.add(name);
      options.onStandIn?.(name);
    }
  };
  return async (text) => {
    const statement = await classify(text);
    if (statement?.kind === 'create') {
      const { name } = statement;
      if (!STAND_INS[name] || (await available(name))) return undefined;
      let schema = statement.schema;
      if (schema === undefined) {
        const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
        schema = rows[0]?.schema ?? 'public';
      }
      useStandIn(name);
      return standInSql(name, quote(schema));
    }
    if (statement?.kind === 'extension-ddl') {
      // Left out only when every extension it names is a stand-in (nothing real to change).
      for (const name of statement.names) if (!STAND_INS[name] || (await available(name))) return undefined;
      return statement.names.length > 0 ? '' : undefined;
    }
    if (statement?.kind === 'index') {
      const { rows } = await client.query('select 1 from pg_am where amname = $1', [statement.method]);
      if (rows.length > 0) return undefined;
      useStandIn('vector');
      options.onNote?.(`stand-in: vector has no ${statement.method} index method; the index is left out (types do not show indexes)`);
      return '';
    }
    if (statement?.kind === 'label' && statement.provider === 'pgsodium' && !(await available('pgsodium'))) {
      useStandIn('pgsodium');
      return '';
    }
    return undefined;
  };
}

export { STAND_INS };
