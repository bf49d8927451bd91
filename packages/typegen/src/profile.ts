/**
 * The parity profile: everything that makes `retable typegen` print, byte for byte, what
 * `supabase gen types typescript` prints (supabase CLI 2.117.0, which runs postgres-meta 0.99.0
 * in CLI mode). Kept in one place so an upgrade is one reviewed change, checked by the parity test
 * against postgres-meta itself.
 *
 * - The engine is `@supabase/postgrest-typegen` at exactly 0.2.2 (postgres-meta 0.99.0 calls the same
 *   `introspect` → `sortGeneratorMetadata` → `generateTypescript`); it formats with oxfmt 0.66.0.
 * - The CLI sets `PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS=true` and no PostgREST
 *   version, and postgres-meta prints with `console.log`, hence the trailing newline.
 * - Schemas default to `public`, the default schema of the helper types is `public`.
 */
export const PARITY_PROFILE = {
  engine: '@supabase/postgrest-typegen',
  engineVersion: '0.2.2',
  formatter: 'oxfmt',
  formatterVersion: '0.66.0',
  matches: 'supabase CLI 2.117.0 (postgres-meta 0.99.0)',
  generateOptions: { detectOneToOneRelationships: true, defaultSchema: 'public' },
  defaultSchemas: ['public'] as readonly string[],
  trailingNewline: '\n',
} as const;
