import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTypes } from '@retable/typegen';
import { parseCommandLine } from '../src/index.js';
import { resolveOptions } from '../src/commands/typegen.js';

// `supabase gen types` → `retable typegen`: the same flags, config.toml, and --project-id through
// the Management API, served here by a local HTTP server that checks the request as the API
// documents it (GET /v1/projects/{ref}/types/typescript?included_schemas=…, bearer token).
const bin = fileURLToPath(new URL('../bin/retable.js', import.meta.url));
const storageFixture = fileURLToPath(new URL('../../typegen/test/fixtures/storage/', import.meta.url));
const REF = 'abcdefghijklmnopqrst';
const TOKEN = 'sbp_0123456789abcdef';

let dir: string;
let project: string;
let served: string;
let api: Server;
let apiUrl: string;
const requests: Array<{ method?: string; url?: string; authorization?: string; accept?: string }> = [];

function retable(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1', RETABLE_CACHE_DIR: path.join(dir, 'cache'), SUPABASE_ACCESS_TOKEN: '', ...env },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function answer(request: IncomingMessage): { status: number; body: string } {
  requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization, accept: request.headers.accept });
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: '{"message":"Unauthorized"}' };
  if (request.method !== 'GET' || url.pathname !== `/v1/projects/${REF}/types/typescript`) {
    return { status: 404, body: '{"message":"Not found"}' };
  }
  const schemas = url.searchParams.get('included_schemas');
  if (schemas !== 'public' || [...url.searchParams.keys()].join() !== 'included_schemas') {
    return { status: 400, body: `{"message":"unexpected included_schemas ${schemas}"}` };
  }
  return { status: 200, body: JSON.stringify({ types: served }) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-supabase-'));
  project = path.join(dir, 'app');
  await cp(storageFixture, project, { recursive: true });
  // What the API serves: the project's types with its view, as the Supabase generator writes them.
  served = (
    await generateTypes({
      source: { kind: 'migrations', dir: path.join(project, 'supabase/migrations'), engine: 'pglite' },
      dropViews: 'none',
      cacheDir: path.join(dir, 'cache'),
    })
  ).text;
  api = createServer((request, response) => {
    const { status, body } = answer(request);
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('supabase gen types flags → options', () => {
  it('positional typescript, --lang, -s repeated and comma-separated, --local with config.toml', async () => {
    const config = path.join(dir, 'with-config');
    await mkdir(path.join(config, 'supabase'), { recursive: true });
    await writeFile(path.join(config, 'supabase/config.toml'), '[db]\nport = 64322\n[api]\nschemas = ["public", "graphql_public"]\n');
    const parsed = await parseCommandLine(['typegen', 'typescript', '--local', '-s', 'public,billing', '--schema', 'auth', '-s', 'public']);
    expect(parsed.positionals).toEqual(['typescript']);
    const options = await resolveOptions({ cwd: config, configPath: undefined }, parsed.values, parsed.positionals);
    expect(options.dbUrl).toBe('postgresql://postgres:postgres@127.0.0.1:64322/postgres');
    expect(options.schemas).toEqual(['public', 'billing', 'auth']);
    const defaults = await resolveOptions({ cwd: config, configPath: undefined }, { lang: 'typescript' }, []);
    expect(defaults.schemas).toEqual(['public', 'graphql_public']);
    expect(defaults.schemasFromConfig).toBe(true);
    const plain = await resolveOptions({ cwd: dir, configPath: undefined }, { local: true }, []);
    expect(plain.dbUrl).toBe('postgresql://postgres:postgres@127.0.0.1:54322/postgres');
    expect(plain.schemas).toEqual(['public']);
  });

  it.each([
    [['typegen', 'go'], 'language "go": retable generates TypeScript only (supabase gen types go has no retable equivalent); use typescript'],
    [['typegen', '--lang', 'swift'], '--lang "swift": retable generates TypeScript only (supabase gen types swift has no retable equivalent); use typescript'],
    [['typegen', '--local', '--db-url', 'x'], '--db-url and --local cannot be combined; give one source'],
    [['typegen', '--project-id', 'nope'], '--project-id: "nope" is not a project reference (20 lowercase letters, as in <ref>.supabase.co)'],
    [['typegen', '--project-id', REF], '--project-id needs SUPABASE_ACCESS_TOKEN (a personal access token from the dashboard\'s account settings)'],
    [['typegen', '--linked'], '--linked: no linked project (supabase/.temp/project-ref not found); run supabase link --project-ref REF, or pass --project-id REF'],
  ])('%j → %s', async (argv, message) => {
    const parsed = await parseCommandLine(argv);
    await expect(resolveOptions({ cwd: dir, configPath: undefined, env: {} }, parsed.values, parsed.positionals)).rejects.toThrow(message);
  });

  it.each([
    [['typegen', '--out', 'a.ts', '--out', 'b.ts'], '--out given twice; give it once (see retable typegen --help)'],
    [['typegen', '--db-url=a', '--db-url', 'b'], '--db-url given twice; give it once (see retable typegen --help)'],
    [['--cwd', 'a', 'typegen', '--cwd', 'b'], '--cwd given twice; give it once (see retable typegen --help)'],
    [['plan', '--out', 'a', '--out', 'b'], '--out given twice; give it once (see retable plan --help)'],
  ])('a single-value flag given twice is refused: %j', async (argv, message) => {
    await expect(parseCommandLine(argv)).rejects.toThrow(message);
  });
});

describe('retable typegen --project-id / --linked (Management API on a local server)', () => {
  it('fetches the types with the token, then leaves out the views as --from-file does', async () => {
    const env = { SUPABASE_ACCESS_TOKEN: TOKEN, RETABLE_SUPABASE_API_URL: apiUrl };
    requests.length = 0;
    const result = await retable(['typegen', 'typescript', '--project-id', REF, '--schema', 'public'], env);
    expect(result.stderr).toContain(`typegen: fetching the types of project ${REF} from the Supabase Management API\n`);
    expect(result.stderr).toContain('typegen: left out 1 view (--drop-views all): avatar_files\n');
    expect(result.code).toBe(0);
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `/v1/projects/${REF}/types/typescript?included_schemas=public`,
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/json',
      },
    ]);
    expect(served).toContain('avatar_files: {');
    const withoutViews = await generateTypes({
      source: { kind: 'migrations', dir: path.join(project, 'supabase/migrations'), engine: 'pglite' },
      dropViews: 'all',
      cacheDir: path.join(dir, 'cache'),
    });
    expect(result.stdout).toBe(withoutViews.text);

    await mkdir(path.join(project, 'supabase/.temp'), { recursive: true });
    await writeFile(path.join(project, 'supabase/.temp/project-ref'), `${REF}\n`);
    const linked = await retable(['typegen', '--linked'], env);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toBe(withoutViews.text);
  }, 300_000);

  it('--local without a running database exits 2 naming --local and supabase start', async () => {
    const local = path.join(dir, 'local');
    await mkdir(path.join(local, 'supabase'), { recursive: true });
    await writeFile(path.join(local, 'supabase/config.toml'), '[db]\nport = 1\n');
    const result = await retable(['typegen', '--local', '--cwd', local]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n').filter((l) => l.startsWith('retable:'))).toEqual([
      'retable: --local: cannot connect to postgresql://postgres:***@127.0.0.1:1/postgres: connect ECONNREFUSED 127.0.0.1:1; start it with supabase start',
    ]);
  });

  it('a refused token and an unknown project exit 2 with one line', async () => {
    const refused = await retable(['typegen', '--project-id', REF], { SUPABASE_ACCESS_TOKEN: 'sbp_wrong', RETABLE_SUPABASE_API_URL: apiUrl });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('retable:'))).toEqual([
      "retable: --project-id: the Supabase Management API refused SUPABASE_ACCESS_TOKEN (401); create a personal access token in the dashboard's account settings",
    ]);
    const unknown = await retable(['typegen', '--project-id', 'zzzzzzzzzzzzzzzzzzzz'], { SUPABASE_ACCESS_TOKEN: TOKEN, RETABLE_SUPABASE_API_URL: apiUrl });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('retable: --project-id: no project "zzzzzzzzzzzzzzzzzzzz" for this access token (404)\n');
  });
});
