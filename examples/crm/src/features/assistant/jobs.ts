import { TABLES } from '../../lib/tables';
import { supabase } from '../../lib/supabase';
import type { Database, Json, TablesUpdate } from '../../types/database.types';

export type AssistantJob = Database['public']['Tables']['ai_jobs']['Row'];

export async function queueSummary(dealId: string, input: Json) {
  const { data, error } = await supabase
    .from(TABLES.aiJobs)
    .insert({ deal_id: dealId, kind: 'deal_summary', input: input ?? {} })
    .select('id, status, deals(title)')
    .single();
  if (error) throw error;
  return data;
}

export async function finishJob(id: string, changes: TablesUpdate<'ai_jobs'>) {
  const { error } = await supabase.from('ai_jobs').update(changes).eq('id', id);
  if (error) throw error;
}

export async function jobsForDeal(dealId: string): Promise<AssistantJob[]> {
  const { data, error } = await supabase.from(TABLES.aiJobs).select('*').eq('deal_id', dealId);
  if (error) throw error;
  return data;
}
