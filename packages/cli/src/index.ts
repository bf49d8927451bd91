import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closestMatch, RetableError, UsageError } from '@retable/core/base';
import type { Command, CommandContext, OptionSpecs, OptionValues } from './command.js';
import { commands } from './commands/index.js';
import { useColor } from './terminal.js';

export { ignoreClosedPipe, interrupted } from './signals.js';

const require = createRequire(import.meta.url);
export const VERSION: string = (require('../package.json') as { version: string }).version;

export const globalOptions = {
  cwd: { type: 'string' },
  config: { type: 'string' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpecs;

export interface MainIO {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ParsedArgs {
  command: string | undefined;
  values: OptionValues;
  positionals: string[];
  /** The loaded command, when one was named. */
  spec?: Command;
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: retable <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  --cwd DIR       the app\'s root (default: the current directory)',
    '  --config FILE   the config file (default: retable.config.json, retable.config.jsonc or',
    '                  "retable" in package.json, searched from --cwd up to the repository root)',
    '  --color, --no-color  force colours on or off (default: on a terminal, off with NO_COLOR',
    '                  or TERM=dumb, on with FORCE_COLOR)',
    '  -h, --help      show help (also: retable help <command>)',
    '  -v, --version   show the version',
    '',
  ].join('\n');
}

/** argv → command name, option values and positionals. Throws UsageError on unknown flags. */
export async function parseCommandLine(input: string[]): Promise<ParsedArgs> {
  // --no-color is the negation of --color (node:util parseArgs has no negation before Node 22).
  let noColor = false;
  let argv = input.filter((arg) => (arg === '--no-color' ? ((noColor = true), false) : true));
  // `retable help <command>` is `retable <command> --help`.
  const helpAt = argv.findIndex((arg) => !arg.startsWith('-'));
  if (helpAt !== -1 && argv[helpAt] === 'help' && (helpAt === 0 || !['--cwd', '--config'].includes(argv[helpAt - 1]!))) {
    argv = [...argv.slice(0, helpAt), ...argv.slice(helpAt + 1), '--help'];
  }
  const parsed = await parseWords(argv);
  if (noColor) parsed.values.color = false;
  return parsed;
}

async function parseWords(argv: string[]): Promise<ParsedArgs> {
  // The command is the first argument that is not a global flag (or a global flag's value).
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index]!;
    if (arg === '--cwd' || arg === '--config') index += 2;
    else if (arg.startsWith('-')) index += 1;
    else break;
  }
  const name = argv[index];
  if (name === undefined) {
    const { values } = parseOrThrow(argv, globalOptions, false);
    return { command: undefined, values, positionals: [] };
  }
  const entry = commands[name];
  if (!entry) {
    const guess = closestMatch(name, Object.keys(commands));
    throw new UsageError(`unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''} (run retable --help for the list)`);
  }
  const spec = await entry.load();
  const { args: rest, separate } = optionalValues([...argv.slice(0, index), ...argv.slice(index + 1)], spec.optionalValues ?? []);
  const { values, positionals } = parseOrThrow(rest, { ...globalOptions, ...spec.options }, spec.allowPositionals, name);
  for (const option of separate) values[`${option}:separate`] = true;
  return { command: name, values, positionals, spec };
}

/** `--name` alone or before a flag → `--name=`; `--name WORD` → `--name=WORD`, noted as separate. */
function optionalValues(args: string[], names: readonly string[]): { args: string[]; separate: string[] } {
  if (names.length === 0) return { args, separate: [] };
  const out: string[] = [];
  const separate: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined || !names.includes(name)) {
      out.push(arg);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      out.push(`--${name}=${next}`);
      separate.push(name);
      i += 1;
    } else {
      out.push(`--${name}=`);
    }
  }
  return { args: out, separate };
}

function parseOrThrow(args: string[], options: OptionSpecs, allowPositionals: boolean, command?: string) {
  const where = command ? `retable ${command}` : 'retable';
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(`${argumentProblem(error as Error & { code?: string }, args, options, where)} (see ${where} --help)`);
  }
  // parseArgs keeps the last of a repeated single-value flag; a second value must never be dropped silently.
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec || spec.type !== 'string' || spec.multiple) continue;
    if (seen.has(token.name)) {
      throw new UsageError(`--${token.name} given twice; give it once (see ${where} --help)`);
    }
    seen.add(token.name);
  }
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/**
 * A directory the user named must exist before anything runs: a missing --cwd would otherwise be
 * an empty project that passes every check (and plan would create it).
 */
async function requireDirectory(flag: string, given: string, absolute: string): Promise<void> {
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new UsageError(`${flag} ${given}: no such directory`);
  if (!info.isDirectory()) throw new UsageError(`${flag} ${given}: is a file, not a directory`);
}

/** node:util's parseArgs errors, said in retable's words with the flag and what to do. */
function argumentProblem(error: Error & { code?: string }, args: string[], options: OptionSpecs, where: string): string {
  const message = error.message;
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? /Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
  const long = flag && !flag.startsWith('--') ? `--${Object.entries(options).find(([, spec]) => spec.short === flag.slice(1))?.[0] ?? flag.slice(1)}` : flag;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = (flag ?? '').replace(/^-+/, '').split('=')[0]!;
      const guess = closestMatch(name, Object.keys(options));
      return `${where} has no option ${flag}${guess ? `; did you mean --${guess}?` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = /Option '(?:-\w, )?--([\w-]+)/.exec(message)?.[1] ?? long?.replace(/^--/, '') ?? '';
      if (/does not take an argument/.test(message)) return `--${option} is a switch and takes no value`;
      if (/argument is ambiguous/.test(message)) {
        const next = args[args.findIndex((arg) => arg === `--${option}`) + 1];
        return `--${option} needs a value, but the next argument ${next ? `"${next}" ` : ''}is a flag; for a value that starts with -, write --${option}=VALUE`;
      }
      return `--${option} needs a value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const value = /Unexpected argument '([^']*)'/.exec(message)?.[1] ?? '';
      return `${where} takes no file or folder arguments; unexpected "${value}"`;
    }
    default:
      return message.split('\n')[0]!;
  }
}

/** Run the CLI. Returns the exit code; never calls process.exit. */
export async function main(argv: string[], io: MainIO = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  try {
    const parsed = await parseCommandLine(argv);
    if (parsed.values.version) {
      stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (!parsed.spec) {
      // `retable --help` asked for it (stdout, exit 0); `retable` alone is a usage error (stderr, exit 2).
      (parsed.values.help ? stdout : stderr).write(usage());
      return parsed.values.help ? 0 : 2;
    }
    if (parsed.values.help) {
      stdout.write(`${parsed.spec.help.trimEnd()}\n`);
      return 0;
    }
    const shell = io.cwd ?? process.cwd();
    const cwd = path.resolve(shell, (parsed.values.cwd as string | undefined) ?? '.');
    const config = parsed.values.config as string | undefined;
    if (parsed.values.cwd !== undefined) await requireDirectory('--cwd', parsed.values.cwd as string, cwd);
    const context: CommandContext = {
      cwd,
      // --config is relative to the shell's directory, like any path argument.
      configPath: config !== undefined ? path.resolve(shell, config) : undefined,
      stdout,
      stderr,
      env,
      color: useColor(stdout as { isTTY?: boolean }, env, parsed.values.color as boolean | undefined),
    };
    return await parsed.spec.run(context, parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof RetableError) {
      stderr.write(`retable: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
