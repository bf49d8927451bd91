/**
 * Errors the CLI prints as one line with exit code 2 (no stack): the user must fix an input.
 * Anything else that escapes a command is a bug and keeps its stack.
 */
export class RetableError extends Error {
  override name = 'RetableError';
}

/** The config file or one of its keys is wrong. */
export class ConfigError extends RetableError {
  override name = 'ConfigError';
}

/** A flag, argument or input file given on the command line is wrong. */
export class UsageError extends RetableError {
  override name = 'UsageError';
}
