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
  /**
   * String options whose value may be left out (`--changed` or `--changed BASE`): given alone or
   * before a flag, the value is ''; a following word becomes the value, and `values['<name>:separate']`
   * is true so the command can tell it from `--name=VALUE` (the word may be a positional).
   */
  readonly optionalValues?: readonly string[];
  /** Returns the exit code: 0 clean, 1 findings, 2 usage/config error (thrown as UsageError/ConfigError). */
  run(context: CommandContext, values: OptionValues, positionals: string[]): Promise<number>;
}
