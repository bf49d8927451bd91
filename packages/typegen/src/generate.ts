import type { GeneratorMetadata } from './introspect.js';
import { PARITY_PROFILE } from './profile.js';

export interface RenderOptions {
  /** Emit `__InternalSupabase.PostgrestVersion` (the Supabase CLI does for `--local`). Default: none. */
  postgrestVersion?: string;
}

/** Metadata → the `database.types.ts` text, with the parity profile's options. */
export async function renderTypescript(metadata: GeneratorMetadata, options: RenderOptions = {}): Promise<string> {
  const { generateTypescript } = await import('@supabase/postgrest-typegen/generation');
  const text = await generateTypescript(metadata, {
    ...PARITY_PROFILE.generateOptions,
    ...(options.postgrestVersion ? { postgrestVersion: options.postgrestVersion } : {}),
  });
  return `${text}${PARITY_PROFILE.trailingNewline}`;
}
