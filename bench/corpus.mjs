#!/usr/bin/env node
// The benchmark corpus: a deterministic, app-shaped tree of TS/TSX files (React components, hooks,
// services, utils, types). A few percent of the files name Supabase tables in every form the finder
// knows; many more use the same words as UI copy, routes, object keys and comments, as a real app
// does, so a whole-word grep matches far more than the table references.
//
//   node bench/corpus.mjs [--files N] [--seed S] [--out DIR] [--force]
//   (default: 10000 files into .bench/corpus; kept while generator version, size and seed match)
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_FILES = 10_000;
export const DEFAULT_SEED = 20260116;
/** Bump when the generator's output changes, so a cached corpus is rebuilt. */
export const GENERATOR_VERSION = 2;

/** The seed's 23 renamed tables (phase 1 and phase 2 of the DBA review), with plausible new names. */
export const RENAMES = {
  workspace: 'workspaces',
  messages: 'comms_messages',
  scheduled_messages: 'comms_scheduled_messages',
  calls: 'call_records',
  transcripts: 'call_transcripts',
  transcript_segments: 'call_transcript_segments',
  ai_jobs: 'assistant_jobs',
  profiles: 'user_profiles',
  leads: 'crm_leads',
  contacts: 'crm_contacts',
  lead_contacts: 'crm_lead_contacts',
  lead_notes: 'crm_lead_notes',
  oauth_tokens: 'security_oauth_tokens',
  api_keys: 'security_api_keys',
  user_mfa: 'security_user_mfa',
  email_logs: 'comms_email_logs',
  email_preferences: 'user_email_preferences',
  email_change_history: 'user_email_change_history',
  stripe_customers: 'billing_stripe_customers',
  stripe_products: 'billing_stripe_products',
  subscription_notifications: 'billing_subscription_notifications',
  subscription_events: 'billing_subscription_events',
  reminder_logs: 'system_reminder_logs',
};

/** Share of files with table references, and of files with look-alike words only. */
const REFERENCE_SHARE = 0.03;
const LOOKALIKE_SHARE = 0.2;

const OLD = Object.keys(RENAMES);
const NEW = Object.values(RENAMES);
/** Old names that read as plain English, so they turn up in copy, routes and comments. */
const WORDS = ['leads', 'messages', 'contacts', 'calls', 'transcripts', 'profiles', 'workspace'];

const NOUNS = [
  'account', 'address', 'alert', 'appointment', 'asset', 'attachment', 'audit', 'avatar', 'badge', 'balance',
  'booking', 'budget', 'campaign', 'card', 'cart', 'category', 'channel', 'chart', 'checkout', 'comment',
  'company', 'coupon', 'dashboard', 'device', 'discount', 'document', 'draft', 'event', 'export', 'feature',
  'feed', 'file', 'filter', 'folder', 'goal', 'group', 'import', 'inventory', 'invoice', 'item', 'label',
  'listing', 'location', 'metric', 'milestone', 'note', 'offer', 'order', 'owner', 'page', 'payment',
  'permission', 'photo', 'plan', 'policy', 'portfolio', 'post', 'preference', 'price', 'product', 'project',
  'property', 'quote', 'rating', 'receipt', 'record', 'referral', 'refund', 'region', 'report', 'request',
  'review', 'role', 'rule', 'schedule', 'search', 'section', 'segment', 'session', 'setting', 'shipment',
  'showing', 'signature', 'snapshot', 'source', 'stage', 'status', 'step', 'survey', 'tag', 'task', 'team',
  'template', 'tenant', 'ticket', 'timeline', 'token', 'tour', 'transaction', 'upload', 'vendor', 'visit',
  'widget',
];
const VERBS = [
  'load', 'fetch', 'save', 'update', 'remove', 'create', 'format', 'parse', 'validate', 'compute', 'sync',
  'normalize', 'merge', 'sort', 'group', 'filter', 'resolve', 'archive', 'restore', 'export', 'import',
];
const FEATURES = [
  'admin', 'analytics', 'auth', 'billing', 'calendar', 'checkout', 'crm', 'dashboard', 'documents', 'inbox',
  'inventory', 'listings', 'marketing', 'notifications', 'onboarding', 'orders', 'payments', 'pipeline',
  'profile', 'properties', 'referrals', 'reports', 'reviews', 'search', 'settings', 'showings', 'support',
  'surveys', 'tasks', 'team', 'tenants', 'tours', 'vendors', 'voice', 'workflows',
];
const COLUMNS = ['id', 'name', 'email', 'phone', 'status', 'created_at', 'updated_at', 'owner_id', 'title', 'body'];

/** mulberry32: small, fast and good enough for test data; the same seed gives the same corpus. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const pascal = (...words) => words.map((w) => w.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase())).join('');
const camel = (...words) => {
  const p = pascal(...words);
  return p[0].toLowerCase() + p.slice(1);
};
const plural = (noun) => (noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : noun.endsWith('s') ? `${noun}es` : `${noun}s`);

// ---------------------------------------------------------------------------------------------
// Ordinary code: the bulk of the corpus.

function lookAlikeLines(r) {
  const word = r.pick(WORDS);
  return r.pick([
    [`// ${word} are refreshed when the tab regains focus`],
    [`/** Shown when there are no ${word} to list. */`, `export const EMPTY_${word.toUpperCase()} = 'No ${word} yet';`],
    [`export const ${camel(word, 'route')} = '/${word}';`],
    [`export const ${camel(word, 'counts')} = { ${word}: 0, archived: 0 };`],
    [`// TODO: paginate ${word} once the API supports cursors`],
    [`export const ${camel(word, 'title')} = "All ${word}";`],
  ]);
}

function componentFile(r, noun, lookAlike) {
  const name = pascal(noun, r.pick(['list', 'card', 'panel', 'table', 'form', 'view', 'dialog']));
  const type = pascal(noun);
  const handlers = Array.from({ length: r.int(1, 6) }, (_, i) => `handle${pascal(r.pick(VERBS))}${i}`);
  const lines = [
    `import { useCallback, useEffect, useMemo, useState } from 'react';`,
    `import { Button } from '../../../ui/button';`,
    `import { formatDate, formatMoney } from '../../../lib/format';`,
    `import type { ${type} } from '../types/${noun}';`,
    '',
    `export interface ${name}Props {`,
    `  items: ${type}[];`,
    `  pageSize?: number;`,
    `  onSelect?: (item: ${type}) => void;`,
    `  onChange?: (item: ${type}, field: keyof ${type}) => void;`,
    '}',
    '',
  ];
  if (lookAlike) lines.push(...lookAlikeLines(r), '');
  lines.push(
    `/** ${pascal(plural(noun))} for the ${noun} page, filtered and paged on the client. */`,
    `export function ${name}({ items, pageSize = ${r.pick([10, 20, 25, 50])}, onSelect, onChange }: ${name}Props) {`,
    `  const [page, setPage] = useState(0);`,
    `  const [query, setQuery] = useState('');`,
    `  const [selected, setSelected] = useState<string | null>(null);`,
    `  const visible = useMemo(() => {`,
    `    const needle = query.trim().toLowerCase();`,
    `    const matches = needle ? items.filter((item) => String(item.name).toLowerCase().includes(needle)) : items;`,
    `    return matches.slice(page * pageSize, (page + 1) * pageSize);`,
    `  }, [items, page, pageSize, query]);`,
    '',
    `  useEffect(() => {`,
    `    setPage(0);`,
    `  }, [query]);`,
    '',
  );
  for (const handler of handlers) {
    lines.push(
      `  const ${handler} = useCallback(`,
      `    (item: ${type}) => {`,
      `      setSelected(item.id);`,
      `      if (item.status === '${r.pick(['draft', 'active', 'archived', 'pending'])}') {`,
      `        onChange?.(item, '${r.pick(['name', 'status', 'updatedAt'])}');`,
      `        return;`,
      `      }`,
      `      onSelect?.(item);`,
      `    },`,
      `    [onChange, onSelect],`,
      `  );`,
      '',
    );
  }
  const label = lookAlike && r.chance(0.5) ? r.pick(WORDS) : plural(noun);
  lines.push(
    `  return (`,
    `    <section className="${noun}-${r.pick(['list', 'panel', 'grid'])}">`,
    `      <header>`,
    `        <h2>${pascal(plural(noun))}</h2>`,
    `        <input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search ${label}" />`,
    `      </header>`,
    `      {visible.length === 0 ? (`,
    `        <p className="empty">No ${label} yet</p>`,
    `      ) : (`,
    `        <ul>`,
    `          {visible.map((item) => (`,
    `            <li key={item.id} className={item.id === selected ? 'selected' : undefined}>`,
    `              <span>{item.name}</span>`,
    `              <time>{formatDate(item.updatedAt)}</time>`,
    `              <span>{formatMoney(item.amount ?? 0)}</span>`,
    ...handlers.map((handler) => `              <Button onClick={() => ${handler}(item)}>Open</Button>`),
    `            </li>`,
    `          ))}`,
    `        </ul>`,
    `      )}`,
    `      <footer>`,
    `        <Button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</Button>`,
    `        <Button onClick={() => setPage(page + 1)}>Next</Button>`,
    `      </footer>`,
    `    </section>`,
    `  );`,
    `}`,
  );
  return { name: `${name}.tsx`, text: lines.join('\n') };
}

function utilFile(r, noun, lookAlike) {
  const type = pascal(noun);
  const count = r.int(2, 9);
  const lines = [`import type { ${type} } from '../types/${noun}';`, ''];
  if (lookAlike) lines.push(...lookAlikeLines(r), '');
  for (let i = 0; i < count; i++) {
    const verb = r.pick(VERBS);
    const fn = camel(verb, noun, String(i));
    switch (r.int(0, 3)) {
      case 0:
        lines.push(
          `/** ${pascal(verb)} ${plural(noun)} by key; later entries win. */`,
          `export function ${fn}(items: readonly ${type}[], key: keyof ${type} = 'id'): Map<unknown, ${type}> {`,
          `  const byKey = new Map<unknown, ${type}>();`,
          `  for (const item of items) {`,
          `    if (item[key] === undefined || item[key] === null) continue;`,
          `    byKey.set(item[key], item);`,
          `  }`,
          `  return byKey;`,
          `}`,
          '',
        );
        break;
      case 1:
        lines.push(
          `export function ${fn}(value: string, fallback = '${r.pick(['—', 'n/a', 'unknown'])}'): string {`,
          `  const trimmed = value.trim();`,
          `  if (!trimmed) return fallback;`,
          `  return trimmed.length > ${r.int(20, 120)} ? \`\${trimmed.slice(0, ${r.int(10, 19)})}…\` : trimmed;`,
          `}`,
          '',
        );
        break;
      case 2:
        lines.push(
          `export function ${fn}(items: ${type}[], direction: 'asc' | 'desc' = 'asc'): ${type}[] {`,
          `  const factor = direction === 'asc' ? 1 : -1;`,
          `  return [...items].sort((a, b) => {`,
          `    if (a.updatedAt === b.updatedAt) return a.id.localeCompare(b.id) * factor;`,
          `    return (Date.parse(a.updatedAt) - Date.parse(b.updatedAt)) * factor;`,
          `  });`,
          `}`,
          '',
        );
        break;
      default:
        lines.push(
          `export function ${fn}(input: unknown): input is ${type} {`,
          `  if (typeof input !== 'object' || input === null) return false;`,
          `  const record = input as Record<string, unknown>;`,
          `  return typeof record.id === 'string' && typeof record.name === 'string' && ${r.chance(0.5) ? `'status' in record` : 'true'};`,
          `}`,
          '',
        );
    }
  }
  return { name: `${noun}-${r.pick(['utils', 'helpers', 'format', 'guards'])}.ts`, text: lines.join('\n') };
}

function serviceFile(r, noun, lookAlike) {
  const type = pascal(noun);
  const resource = plural(noun);
  const methods = r.int(2, 7);
  const lines = [
    `import { http } from '../../../lib/http';`,
    `import type { ${type} } from '../types/${noun}';`,
    '',
    `const BASE = '/api/v${r.int(1, 3)}/${resource}';`,
    '',
  ];
  if (lookAlike) lines.push(...lookAlikeLines(r), '');
  lines.push(`export class ${type}Service {`, `  constructor(private readonly token: string) {}`, '');
  for (let i = 0; i < methods; i++) {
    const verb = r.pick(VERBS);
    lines.push(
      `  async ${camel(verb, String(i))}(id: string, body?: Partial<${type}>): Promise<${type}> {`,
      `    const response = await http(\`\${BASE}/\${encodeURIComponent(id)}/${verb}\`, {`,
      `      method: '${r.pick(['GET', 'POST', 'PUT', 'PATCH'])}',`,
      `      headers: { authorization: \`Bearer \${this.token}\` },`,
      `      body: body ? JSON.stringify(body) : undefined,`,
      `    });`,
      `    if (!response.ok) throw new Error(\`${verb} ${noun} failed: \${response.status}\`);`,
      `    return (await response.json()) as ${type};`,
      `  }`,
      '',
    );
  }
  lines.push(`}`);
  return { name: `${noun}-service.ts`, text: lines.join('\n') };
}

function typesFile(r, noun, lookAlike) {
  const type = pascal(noun);
  const lines = [];
  if (lookAlike) lines.push(...lookAlikeLines(r), '');
  lines.push(
    `export interface ${type} {`,
    `  id: string;`,
    `  name: string;`,
    `  status: 'draft' | 'active' | 'archived' | 'pending';`,
    `  amount?: number;`,
    `  createdAt: string;`,
    `  updatedAt: string;`,
  );
  for (let i = 0, n = r.int(2, 12); i < n; i++) lines.push(`  ${camel(r.pick(NOUNS), r.pick(['id', 'count', 'label', 'at']))}${i}?: ${r.pick(['string', 'number', 'boolean', 'string[]'])};`);
  lines.push(`}`, '', `export type ${type}Input = Omit<${type}, 'id' | 'createdAt' | 'updatedAt'>;`, '');
  return { name: `${noun}.ts`, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------
// Files that talk to Supabase: every form of table reference, mostly old names, some new.

function referenceFile(r, noun, index) {
  const table = () => (r.chance(0.85) ? r.pick(OLD) : r.pick(NEW));
  const cols = () => Array.from({ length: r.int(1, 4) }, () => r.pick(COLUMNS)).filter((c, i, all) => all.indexOf(c) === i).join(', ');
  const lines = [
    `import { supabase } from '../../../lib/supabase';`,
    `import { TABLES } from '../../../lib/tables';`,
    `import type { Database, Tables, TablesInsert, TablesUpdate } from '../../../types/database.types';`,
    '',
  ];
  const t0 = table();
  lines.push(`export type ${pascal(noun)}Row = Tables<'${t0}'>;`, '');
  const forms = r.int(3, 8);
  for (let i = 0; i < forms; i++) {
    const fn = camel(r.pick(VERBS), noun, String(i));
    const t = table();
    switch (r.int(0, 11)) {
      case 0:
        lines.push(
          `export async function ${fn}(id: string) {`,
          `  const { data, error } = await supabase.from('${t}').select('${cols()}').eq('id', id).single();`,
          `  if (error) throw error;`,
          `  return data;`,
          `}`,
        );
        break;
      case 1:
        lines.push(
          `export async function ${fn}(ownerId: string) {`,
          `  const { data, error } = await supabase`,
          `    .from("${t}")`,
          `    .select('${cols()}, ${table()}(${cols()}), owner:${table()}!${t}_owner_id_fkey(name)')`,
          `    .eq('owner_id', ownerId);`,
          `  if (error) throw error;`,
          `  return data;`,
          `}`,
        );
        break;
      case 2: {
        const embed = table();
        lines.push(
          `export async function ${fn}() {`,
          `  const { data } = await supabase`,
          `    .from(\`${t}\`)`,
          `    .select(\``,
          `      ${cols()},`,
          `      ${embed} (`,
          `        ${cols()},`,
          `        ${table()} ( ${cols()} )`,
          `      )`,
          `    \`)`,
          `    .order('created_at', { referencedTable: '${embed}' });`,
          `  return data ?? [];`,
          `}`,
        );
        break;
      }
      case 3:
        lines.push(
          `export async function ${fn}(row: TablesInsert<'${t}'>) {`,
          `  return supabase.schema('public').from('${t}').insert(row).select('id, ${table()}!inner(id)');`,
          `}`,
        );
        break;
      case 4:
        lines.push(
          `export async function ${fn}(id: string, changes: TablesUpdate<'${t}'>) {`,
          `  return supabase.from('${t}').update(changes).eq('id', id).select('id, ...${table()}(${cols()})');`,
          `}`,
        );
        break;
      case 5:
        lines.push(
          `export function ${fn}(onChange: (row: unknown) => void) {`,
          `  return supabase`,
          `    .channel('${noun}-changes-${index}')`,
          `    .on('postgres_changes', { event: '*', schema: 'public', table: '${t}' }, (payload) => onChange(payload.new))`,
          `    .subscribe();`,
          `}`,
        );
        break;
      case 6:
        lines.push(`export type ${pascal(noun, String(i))}Row = Database['public']['Tables']['${t}']['Row'];`);
        break;
      case 7: {
        const constant = `${noun.toUpperCase()}_TABLE_${i}`;
        lines.push(
          `const ${constant} = '${t}';`,
          `export async function ${fn}() {`,
          `  return supabase.from(${constant}).select('*', { count: 'exact', head: true });`,
          `}`,
        );
        break;
      }
      case 8:
        lines.push(
          `export async function ${fn}() {`,
          `  return supabase.from(TABLES.${r.pick(['leads', 'messages', 'profiles', 'aiJobs', 'emailLogs'])}).select('id');`,
          `}`,
        );
        break;
      case 9:
        lines.push(
          `export async function ${fn}(table: keyof Database['public']['Tables'], id: string) {`,
          `  return supabase.from(table).delete().eq('id', id);`,
          `}`,
        );
        break;
      case 10:
        // A many-to-many embed through a join table named in the hint.
        lines.push(
          `export async function ${fn}(id: string) {`,
          `  return supabase.from('${t}').select('id, ${table()}!${table()}(${cols()})').eq('id', id).maybeSingle();`,
          `}`,
        );
        break;
      default:
        // Look-alikes next to real references: a storage bucket, an rpc, Array.from.
        lines.push(
          `export async function ${fn}(path: string, file: Blob) {`,
          `  await supabase.storage.from('${r.pick(WORDS)}').upload(path, file);`,
          `  await supabase.rpc('refresh_${noun}_counts');`,
          `  return Array.from(new Set([path]));`,
          `}`,
        );
    }
    lines.push('');
  }
  // Every reference file names at least one table statically, whatever the draw above.
  lines.push(`export const ${camel('all', noun)} = () => supabase.from('${t0}').select('id');`, '');
  return { name: `${noun}-queries.ts`, text: lines.join('\n') };
}

const TABLES_MODULE = `// Table names shared by the query modules.
export const TABLES = {
  leads: 'leads',
  messages: 'messages',
  profiles: 'profiles',
  aiJobs: 'ai_jobs',
  emailLogs: 'email_logs',
} as const;
`;

/**
 * Write the corpus into `dir` (emptied first). Returns what was written; `referenceFiles` are the
 * files that name a table statically, posix paths relative to `dir`, sorted.
 */
export async function generateCorpus({ dir, files = DEFAULT_FILES, seed = DEFAULT_SEED }) {
  const r = createRandom(seed);
  // Written next to its place and moved in at the end, so a benchmark running meanwhile never
  // sees a half-written tree.
  const final = dir;
  dir = `${final}.tmp-${process.pid}`;
  await rm(dir, { recursive: true, force: true });
  const written = new Map();
  written.set('src/lib/tables.ts', TABLES_MODULE);
  const referenceFiles = ['src/lib/tables.ts'];
  let lookAlikeFiles = 0;
  for (let index = written.size; index < files; index++) {
    const feature = FEATURES[index % FEATURES.length];
    const area = `src/features/${feature}-${Math.floor(index / (FEATURES.length * 8))}`;
    const noun = r.pick(NOUNS);
    let file;
    let folder;
    if (r.chance(REFERENCE_SHARE)) {
      file = referenceFile(r, noun, index);
      folder = 'api';
    } else {
      const lookAlike = r.chance(LOOKALIKE_SHARE);
      if (lookAlike) lookAlikeFiles++;
      const kind = r.next();
      if (kind < 0.4) [file, folder] = [componentFile(r, noun, lookAlike), 'components'];
      else if (kind < 0.65) [file, folder] = [utilFile(r, noun, lookAlike), 'utils'];
      else if (kind < 0.9) [file, folder] = [serviceFile(r, noun, lookAlike), 'services'];
      else [file, folder] = [typesFile(r, noun, lookAlike), 'types'];
    }
    let rel = `${area}/${folder}/${file.name}`;
    for (let n = 2; written.has(rel); n++) rel = `${area}/${folder}/${file.name.replace(/(\.tsx?)$/, `-${n}$1`)}`;
    written.set(rel, `${file.text}\n`);
    if (folder === 'api') referenceFiles.push(rel);
  }
  let bytes = 0;
  const dirs = new Set([...written.keys()].map((rel) => path.posix.dirname(rel)));
  for (const d of dirs) await mkdir(path.join(dir, d), { recursive: true });
  for (const [rel, text] of written) {
    bytes += Buffer.byteLength(text);
    await writeFile(path.join(dir, rel), text);
  }
  await writeFile(path.join(dir, 'retable.config.json'), `${JSON.stringify({ renames: RENAMES }, null, 2)}\n`);
  await rm(final, { recursive: true, force: true });
  await rename(dir, final);
  referenceFiles.sort();
  return { files: written.size, bytes, referenceFiles, lookAlikeFiles };
}

/**
 * The corpus the benchmarks use, generated once per generator version, size and seed
 * (a stamp next to it records them).
 */
export async function ensureCorpus({ dir, files = DEFAULT_FILES, seed = DEFAULT_SEED, force = false }) {
  const stampFile = `${dir}.json`;
  const wanted = { version: GENERATOR_VERSION, files, seed };
  if (!force) {
    try {
      const stamp = JSON.parse(await readFile(stampFile, 'utf8'));
      await access(path.join(dir, 'retable.config.json'));
      if (stamp.version === wanted.version && stamp.files === files && stamp.seed === seed) return { ...stamp, reused: true };
    } catch {
      // No corpus yet.
    }
  }
  const result = await generateCorpus({ dir, files, seed });
  const stamp = { ...wanted, bytes: result.bytes, referenceFiles: result.referenceFiles.length, lookAlikeFiles: result.lookAlikeFiles };
  await writeFile(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  return { ...stamp, reused: false };
}

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../.bench/corpus', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const dir = path.resolve(values.out ?? DEFAULT_CORPUS_DIR);
  const started = performance.now();
  const stamp = await ensureCorpus({
    dir,
    files: values.files ? Number(values.files) : DEFAULT_FILES,
    seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
    force: values.force === true,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${path.relative(process.cwd(), dir) || dir}: ${stamp.files} files, ${(stamp.bytes / 1e6).toFixed(1)} MB, ` +
      `${stamp.referenceFiles} with table references, ${stamp.lookAlikeFiles} with look-alike words only (${stamp.reused ? 'up to date; --force regenerates it' : `${seconds} s`})`,
  );
}
