import path from 'node:path';
import { z } from 'zod';
import { configNotFoundMessage, findConfig, readConfigSource, refuseProtoKeys, type ConfigSource } from './config-file.js';
import { ConfigError } from './errors.js';
import { toPosix } from './fs.js';
import { identifierProblem } from './identifiers.js';
import { closestMatch } from './suggest.js';

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
}

export interface LoadedConfig {
  /** Absolute project root: the found config's directory, or `cwd` when the config path was given. */
  readonly root: string;
  /** Absolute path of the config file that was read. */
  readonly configPath: string;
  /** The file and its kind (a `package.json` holds the config under `"retable"`). */
  readonly source: ConfigSource;
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
  refuseProtoKeys(value, where);
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${where}: ${describeIssue(issue)}`);
  }
  const config = result.data;
  const map = createRenameMap(config.renames, config.schema, where);
  return { config, map };
}

const ALLOWED_KEYS = Object.keys(configSchema.shape).filter((key) => key !== '$schema');

/** What each key must hold, for "expected …, found …" messages. */
const EXPECTED: Record<string, string> = {
  $schema: 'a string',
  renames: 'an object of "old_name": "new_name" pairs',
  'renames.*': 'the new table name as a string',
  schema: 'a Postgres schema name as a string',
  include: 'an array of glob strings',
  'include.*': 'a glob string',
  exclude: 'an array of glob strings',
  'exclude.*': 'a glob string',
  typesFile: 'a path relative to the project root as a string',
  domains: 'an object of "domain": ["table or prefix_*", …] pairs',
  'domains.*': 'an array of table names or prefix patterns',
  'domains.*.*': 'a table name or a prefix pattern such as "crm_*" as a string',
};

/** How a JSON value is described in messages: its type and, when short, the value. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array (${JSON.stringify(value).slice(0, 40)}${JSON.stringify(value).length > 40 ? '…' : ''})`;
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${at}: ` : '';
    const keys = issue.keys.map((key) => {
      const guess = closestMatch(key, ALLOWED_KEYS);
      return guess ? `"${key}" (did you mean "${guess}"?)` : `"${key}"`;
    });
    return `${prefix}unknown key ${keys.join(', ')}; allowed keys are ${ALLOWED_KEYS.join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.path.length === 0) return `expected a JSON object with a "renames" key, found ${describeJsonValue(issue.input)}`;
    const pattern = issue.path.map((part, i) => (i === 0 ? String(part) : '*')).join('.');
    const expected = EXPECTED[pattern] ?? `a ${issue.expected}`;
    if (issue.input === undefined) return `${at}: is required (${expected})`;
    return `${at}: expected ${expected}, found ${describeJsonValue(issue.input)}`;
  }
  return `${at}: ${issue.message}`;
}

export interface LoadConfigOptions {
  /**
   * Where the search for the config starts, and the project root when `configPath` is given.
   * Default: process.cwd().
   */
  cwd?: string;
  /**
   * The config file (`--config`); relative paths resolve against `cwd`. A `package.json` is read
   * for its `"retable"` key; a `.jsonc` file may have comments. Without it the config is found
   * with `findConfig` (upward from `cwd` to the repository root) and its directory is the root.
   */
  configPath?: string;
  /** The last directory searched (see `findConfig`). */
  stopAt?: string;
}

/**
 * Find (or take the given), read, parse and validate the config. Synchronous, for ESLint rules;
 * throws ConfigError with a one-line message that names the file.
 */
export function loadConfigSync(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  let source: ConfigSource;
  let root: string;
  if (options.configPath !== undefined) {
    const file = path.resolve(cwd, options.configPath);
    const base = path.basename(file);
    source = { path: file, kind: base === 'package.json' ? 'package.json' : base.endsWith('.jsonc') ? 'jsonc' : 'json' };
    root = cwd;
  } else {
    const found = findConfig({ cwd, ...(options.stopAt !== undefined ? { stopAt: options.stopAt } : {}) });
    if (!found) throw new ConfigError(configNotFoundMessage({ cwd, ...(options.stopAt !== undefined ? { stopAt: options.stopAt } : {}) }));
    source = found;
    root = path.dirname(found.path);
  }
  const shown = shownPath(cwd, source.path);
  const value = readConfigSource(source, shown);
  if (source.kind === 'package.json' && value === undefined) {
    throw new ConfigError(`${shown}: has no "retable" key; add one with a "renames" object, or pass another --config FILE`);
  }
  const { config, map } = parseConfig(value, source.kind === 'package.json' ? `${shown} "retable"` : shown);
  return { root, configPath: source.path, source, config, map };
}

/** Read, parse and validate the config (see `loadConfigSync`). */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  return loadConfigSync(options);
}

/** A path as messages show it: relative to `cwd` when inside it, else absolute; posix. */
function shownPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return toPosix(relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative);
}
