import type { Command } from '../command.js';

/**
 * The command registry. Each command lives in its own module and is loaded only when it runs,
 * so `retable verify` never pays for typegen's or plan's dependencies.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {};
