import type { ParseArgsConfig } from 'node:util';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What every command gets: where it runs and where it prints. Only the CLI touches these. */
export interface CommandContext {
  /** Absolute project root (`--cwd`, default the current directory). */
  readonly cwd: string;
  /** `--config FILE` made absolute (against the shell's directory), or undefined to search for the config. */
  readonly configPath: string | undefined;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Colours allowed: stdout is a TTY and NO_COLOR is not set. */
  readonly color: boolean;
  readonly env: NodeJS.ProcessEnv;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Command {
  readonly name: string;
  /** One line for `retable --help`. */
  readonly summary: string;
  /** Full help text for `retable <name> --help`. */
  readonly help: string;
  readonly options: OptionSpecs;
  readonly allowPositionals: boolean;
  /** Returns the exit code: 0 clean, 1 findings, 2 usage/config error (thrown as UsageError/ConfigError). */
  run(context: CommandContext, values: OptionValues, positionals: string[]): Promise<number>;
}
