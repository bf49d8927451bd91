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

const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const CREATE_EXTENSION = new RegExp(String.raw`^create\s+extension\s+(?:if\s+not\s+exists\s+)?${IDENT}([\s\S]*)$`, 'i');
const SCHEMA_CLAUSE = new RegExp(String.raw`\bschema\s+${IDENT}`, 'i');
const EXTENSION_DDL = new RegExp(String.raw`^(?:comment\s+on|alter|drop)\s+extension\s+(?:if\s+exists\s+)?${IDENT}`, 'i');
const VECTOR_INDEX = /^create\s+(?:unique\s+)?index\b[\s\S]*?\busing\s+"?(hnsw|ivfflat)"?\s*\(/i;
const SECURITY_LABEL = /^security\s+label\s+for\s+"?pgsodium"?\s/i;

/** The statement without leading whitespace and comments. */
function head(text: string): string {
  return text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
}

/** An identifier as Postgres folds it: quoted keeps its case, unquoted is lowercased. */
function identifier(token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token.toLowerCase();
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Statement rewrites that make a database behave like a Supabase project for migrations:
 * `create extension` of a Supabase-managed extension the engine does not ship runs its catalog
 * stand-in instead (real extensions run as written; unknown ones fail as written, so the error
 * names the file and line); `comment on`/`alter`/`drop extension` of a stand-in, pgsodium
 * security labels and pgvector's hnsw/ivfflat indexes over a stand-in are left out (they change
 * nothing the types show).
 */
export function supabaseExtensionRewrite(client: SqlClient, options: ExtensionRewriteOptions = {}): StatementRewrite {
  const reported = new Set<string>();
  const standIns = new Set<string>();
  const available = async (name: string) =>
    (
      await client.query(
        'select 1 from pg_available_extensions where name = $1 union all select 1 from pg_extension where extname = $1',
        [name],
      )
    ).rows.length > 0;
  const useStandIn = (name: string) => {
    standIns.add(name);
    if (!reported.has(name)) {
      reported.add(name);
      options.onStandIn?.(name);
    }
  };
  return async (text) => {
    const statement = head(text);
    const create = CREATE_EXTENSION.exec(statement);
    if (create) {
      const name = identifier(create[1]!);
      if (!STAND_INS[name] || (await available(name))) return undefined;
      const schemaToken = SCHEMA_CLAUSE.exec(create[2]!)?.[1];
      let schema = schemaToken === undefined ? undefined : quote(identifier(schemaToken));
      if (schema === undefined) {
        const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
        schema = quote(rows[0]?.schema ?? 'public');
      }
      useStandIn(name);
      return standInSql(name, schema);
    }
    const ddl = EXTENSION_DDL.exec(statement);
    if (ddl) {
      const name = identifier(ddl[1]!);
      if (STAND_INS[name] && !(await available(name))) return '';
      return undefined;
    }
    const index = VECTOR_INDEX.exec(statement);
    if (index) {
      const method = index[1]!.toLowerCase();
      const { rows } = await client.query('select 1 from pg_am where amname = $1', [method]);
      if (rows.length > 0) return undefined;
      useStandIn('vector');
      options.onNote?.(`stand-in: vector has no ${method} index method; the index is left out (types do not show indexes)`);
      return '';
    }
    if (SECURITY_LABEL.test(statement) && !(await available('pgsodium'))) {
      useStandIn('pgsodium');
      return '';
    }
    return undefined;
  };
}

export { STAND_INS };
