import path from 'node:path';
import { ConfigError, configNotFoundMessage, findConfig, loadConfig, type LoadedConfig } from '@retable/core/base';

/** Which config a linted file uses: the file to read, and the directory it is read from. */
export interface ConfigLocation {
  /** The project root when `configFile` was given (as `retable --config`), else the config's directory. */
  readonly cwd: string;
  readonly configPath: string;
}

const found = new Map<string, { readonly location: ConfigLocation | ConfigError; readonly at: number }>();

/**
 * The config a linted file uses, found as the CLI finds it: the rule's `configFile` (relative to
 * ESLint's working directory, which is then the project root, like `retable --config`), or else
 * `retable.config.json`, `retable.config.jsonc` or a `"retable"` key in package.json, searched
 * upward from the file's directory to the repository root (so each app of a monorepo has its own).
 * Searches are remembered per directory for `lifetime` seconds.
 */
export function locateConfig(eslintCwd: string, configFile: string | undefined, filename: string, lifetime: number): ConfigLocation {
  if (configFile !== undefined) return { cwd: eslintCwd, configPath: path.resolve(eslintCwd, configFile) };
  const dir = path.dirname(filename);
  let known = found.get(dir);
  if (!known || Date.now() - known.at > lifetime * 1000) {
    let location: ConfigLocation | ConfigError;
    try {
      const source = findConfig({ cwd: dir });
      location = source
        ? { cwd: path.dirname(source.path), configPath: source.path }
        : new ConfigError(configNotFoundMessage({ cwd: dir }).replace('or pass --config FILE', "or set the rule's configFile option"));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      location = error;
    }
    found.set(dir, (known = { location, at: Date.now() }));
  }
  if (known.location instanceof ConfigError) throw known.location;
  return known.location;
}

/** Read and check the config (ConfigError with the CLI's one-line message when it is wrong). */
export function readConfig(location: ConfigLocation): Promise<LoadedConfig> {
  return loadConfig({ cwd: location.cwd, configPath: location.configPath });
}
