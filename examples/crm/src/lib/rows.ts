import type { Database } from '../types/database.types';
import { supabase } from './supabase';

export type TableName = keyof Database['public']['Tables'];

/** Row counts for the admin dashboard; the table comes from the caller. */
export async function countRows(table: TableName): Promise<number> {
  const { count, error } = await supabase.from(table).select('*', { count: 'exact', head: true });
  if (error) throw error;
  return count ?? 0;
}

/** Unique ids, in first-seen order. */
export function uniqueIds(ids: Iterable<string>): string[] {
  return Array.from(new Set(ids));
}
