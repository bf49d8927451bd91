import path from 'node:path';
import { CONFIG_FILE_NAME, loadConfig, type LoadedConfig } from '@retable/core/base';

/**
 * The one place the rule finds `retable.config.json`, as the CLI does: `configFile` (relative to
 * ESLint's working directory) when the rule is given one, else the working directory's
 * `retable.config.json`. The project root is the config file's directory.
 */
export async function discoverConfig(cwd: string, configFile: string | undefined): Promise<LoadedConfig> {
  const configPath = path.resolve(cwd, configFile ?? CONFIG_FILE_NAME);
  return loadConfig({ cwd: path.dirname(configPath), configPath });
}
