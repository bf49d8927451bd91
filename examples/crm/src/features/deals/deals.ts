import { supabase } from '../../lib/supabase';
import type { Tables, TablesInsert } from '../../types/database.types';

export type Deal = Tables<'deals'>;

export async function dealBoard(workspaceId: string) {
  const { data, error } = await supabase
    .from('deals')
    .select('id, title, stage, amount_cents, leads(name, status), ai_jobs(kind, status)')
    .eq('workspace_id', workspaceId)
    .is('closed_at', null);
  if (error) throw error;
  return data;
}

export async function moveDeal(id: string, stage: string) {
  // The database logs the change in deal_events and marks the lead as won.
  const { data, error } = await supabase
    .from('deals')
    .update({ stage })
    .eq('id', id)
    .select('id, stage, leads(id, status), deal_events(kind, created_at)')
    .single();
  if (error) throw error;
  return data;
}

export async function openDeal(deal: TablesInsert<'deals'>) {
  const { data, error } = await supabase.from('deals').insert(deal).select().single();
  if (error) throw error;
  return data;
}
