import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RetableError, UsageError } from '@retable/core/base';
import type { Command, CommandContext, OptionSpecs, OptionValues } from './command.js';
import { commands } from './commands/index.js';

const require = createRequire(import.meta.url);
export const VERSION: string = (require('../package.json') as { version: string }).version;

export const globalOptions = {
  cwd: { type: 'string' },
  config: { type: 'string' },
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
    '  -h, --help      show help (also: retable <command> --help)',
    '  -v, --version   show the version',
    '',
  ].join('\n');
}

/** argv → command name, option values and positionals. Throws UsageError on unknown flags. */
export async function parseCommandLine(argv: string[]): Promise<ParsedArgs> {
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
    throw new UsageError(`unknown command "${name}"; run retable --help for the list`);
  }
  const spec = await entry.load();
  const rest = [...argv.slice(0, index), ...argv.slice(index + 1)];
  const { values, positionals } = parseOrThrow(rest, { ...globalOptions, ...spec.options }, spec.allowPositionals, name);
  return { command: name, values, positionals, spec };
}

function parseOrThrow(args: string[], options: OptionSpecs, allowPositionals: boolean, command?: string) {
  const where = command ? `retable ${command}` : 'retable';
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    throw new UsageError(`${message} (see ${where} --help)`);
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
      stdout.write(usage());
      return parsed.values.help ? 0 : 2;
    }
    if (parsed.values.help) {
      stdout.write(`${parsed.spec.help.trimEnd()}\n`);
      return 0;
    }
    const shell = io.cwd ?? process.cwd();
    const cwd = path.resolve(shell, (parsed.values.cwd as string | undefined) ?? '.');
    const config = parsed.values.config as string | undefined;
    const context: CommandContext = {
      cwd,
      // --config is relative to the shell's directory, like any path argument.
      configPath: config !== undefined ? path.resolve(shell, config) : undefined,
      stdout,
      stderr,
      env,
      color: Boolean((stdout as { isTTY?: boolean }).isTTY) && !env.NO_COLOR,
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
