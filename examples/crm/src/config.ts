// The local stack's defaults (`supabase start`); a deployment sets its own at build time.
export const SUPABASE_URL = 'http://127.0.0.1:54321';
export const SUPABASE_ANON_KEY = 'public-anon-key';
