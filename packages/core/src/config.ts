import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { toPosix } from './fs.js';
import { identifierProblem } from './identifiers.js';

export const CONFIG_FILE_NAME = 'retable.config.json';

/**
 * The one schema for `retable.config.json`: it gives the runtime check, the `RetableConfig` type
 * and the committed `schema.json` (see `configJsonSchema`).
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON schema, for editors.'),
    renames: z
      .record(z.string(), z.string())
      .describe('Old table name → new table name, e.g. { "leads": "crm_leads" }.'),
    schema: z.string().default('public').describe('The Postgres schema the renamed tables live in.'),
    include: z
      .array(z.string())
      .optional()
      .describe('Globs of code files to scan, relative to the project root. Default: every TS/JS file.'),
    exclude: z
      .array(z.string())
      .optional()
      .describe('Globs to leave out, added to the defaults (node_modules, build output, migrations, typesFile).'),
    typesFile: z
      .string()
      .optional()
      .describe('The generated Supabase database.types.ts, relative to the project root.'),
    domains: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Domain name → table names or prefix patterns ("crm_*") for `retable report`.'),
    renameDerived: z
      .boolean()
      .optional()
      .describe(
        'Also rename the names derived from each table (orders_pkey, orders_buyer_fkey, idx_orders_…, orders_… policies): `retable plan` renames them and `retable codemod` rewrites the FK hints (!orders_buyer_fkey) that name them. Default false.',
      ),
  })
  .describe('retable configuration: one rename map for code, types and migrations.');

export type RetableConfigInput = z.input<typeof configSchema>;
export type RetableConfig = z.output<typeof configSchema>;

/** The JSON schema committed as packages/core/schema.json (a test fails when it drifts). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The rename map, validated and normalised. Every consumer reads renames through it. */
export interface RenameMap {
  readonly schema: string;
  /** old → new, in the order the config lists them. */
  readonly renames: ReadonlyMap<string, string>;
  /** new → old. */
  readonly reverse: ReadonlyMap<string, string>;
  readonly oldNames: ReadonlySet<string>;
  readonly newNames: ReadonlySet<string>;
  /** The config's `renameDerived`: derived names (constraints, FK hints, …) follow the rename. */
  readonly renameDerived?: boolean;
}

export interface LoadedConfig {
  /** Absolute project root (the `--cwd`). */
  readonly root: string;
  /** Absolute path of the config file that was read. */
  readonly configPath: string;
  readonly config: RetableConfig;
  readonly map: RenameMap;
}

/** Build and check the rename map. `where` names the config for error messages. */
export function createRenameMap(
  renames: Record<string, string>,
  schema = 'public',
  where = CONFIG_FILE_NAME,
): RenameMap {
  const map = new Map<string, string>();
  const reverse = new Map<string, string>();
  const schemaProblem = identifierProblem(schema);
  if (schemaProblem) throw new ConfigError(`${where}: schema: ${schemaProblem}`);
  const entries = Object.entries(renames);
  if (entries.length === 0) {
    throw new ConfigError(`${where}: renames: is empty; add at least one "old_name": "new_name" pair`);
  }
  for (const [from, to] of entries) {
    const fromProblem = identifierProblem(from);
    if (fromProblem) throw new ConfigError(`${where}: renames: key ${fromProblem}`);
    const toProblem = identifierProblem(to);
    if (toProblem) throw new ConfigError(`${where}: renames.${from}: ${toProblem}`);
    if (from === to) {
      throw new ConfigError(`${where}: renames.${from}: renames "${from}" to itself; remove the entry`);
    }
    const other = reverse.get(to);
    if (other !== undefined) {
      throw new ConfigError(
        `${where}: renames.${from}: "${from}" and "${other}" are both renamed to "${to}"; a new name can have only one old name`,
      );
    }
    map.set(from, to);
    reverse.set(to, from);
  }
  for (const [from, to] of map) {
    if (map.has(to)) {
      const kind = map.get(to) === from ? 'a swap' : 'a chain';
      throw new ConfigError(
        `${where}: renames.${from}: "${to}" is both a new name and renamed itself (${kind}); do it as two steps with two configs`,
      );
    }
  }
  return {
    schema,
    renames: map,
    reverse,
    oldNames: new Set(map.keys()),
    newNames: new Set(map.values()),
  };
}

/** Validate parsed JSON as a config. `where` names the file in error messages. */
export function parseConfig(value: unknown, where = CONFIG_FILE_NAME): { config: RetableConfig; map: RenameMap } {
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${where}: ${describeIssue(issue)}`);
  }
  const config = result.data;
  const map = createRenameMap(config.renames, config.schema, where);
  return { config, map: config.renameDerived ? { ...map, renameDerived: true } : map };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    const prefix = issue.path.length > 0 ? `${at}: ` : '';
    return `${prefix}unknown key ${keys}; allowed keys are ${Object.keys(configSchema.shape).filter((k) => k !== '$schema').join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${at}: is required`;
  }
  return `${at}: ${issue.message}`;
}

export interface LoadConfigOptions {
  /** Project root; relative paths in the config are relative to it. Default: process.cwd(). */
  cwd?: string;
  /** Config file; default `<cwd>/retable.config.json`. Relative paths resolve against `cwd`. */
  configPath?: string;
}

/** Read, parse and validate the config file. Throws ConfigError with a one-line message. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const root = path.resolve(options.cwd ?? process.cwd());
  const configPath = path.resolve(root, options.configPath ?? CONFIG_FILE_NAME);
  const shown = toPosix(path.relative(root, configPath)) || configPath;
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(
        `${shown}: not found; create it with a "renames" object, or pass --config FILE / --cwd DIR`,
      );
    }
    throw new ConfigError(`${shown}: cannot be read (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${shown}: is not valid JSON (${(error as Error).message})`);
  }
  const { config, map } = parseConfig(json, shown);
  return { root, configPath, config, map };
}
