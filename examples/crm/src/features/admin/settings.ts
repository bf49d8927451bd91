import { countRows, type TableName } from '../../lib/rows';
import { supabase } from '../../lib/supabase';

/** Admin-only (service role): log retention and friends. */
export async function logSettings() {
  const { data, error } = await supabase.from('system_logs_settings').select('key, value');
  if (error) throw error;
  return Object.fromEntries(data.map((row) => [row.key, row.value]));
}

/** The admin dashboard's row counts, for the tables the admin picked. */
export async function dashboardCounts(tables: TableName[]): Promise<Record<string, number>> {
  const counts = await Promise.all(tables.map(async (table) => [table, await countRows(table)] as const));
  return Object.fromEntries(counts);
}
