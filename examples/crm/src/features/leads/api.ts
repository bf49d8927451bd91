import { LEADS_TABLE } from '../../lib/tables';
import { supabase } from '../../lib/supabase';
import type { Enums, Tables, TablesInsert } from '../../types/database.types';

export type Lead = Tables<'leads'>;
export type LeadStatus = Enums<'lead_status'>;

// leads has two foreign keys to profiles (owner and assignee), so each embed names its key.
export async function listLeads(workspaceId: string, status?: LeadStatus) {
  let query = supabase
    .from(LEADS_TABLE)
    .select(
      'id, name, email, status, created_at, owner:profiles!leads_owner_id_fkey(full_name), assignee:profiles!leads_assigned_to_fkey(full_name, avatar_url)',
    )
    .eq('workspace_id', workspaceId)
    .order('created_at', { ascending: false });
  if (status) query = query.eq('status', status);
  const { data, error } = await query;
  if (error) throw error;
  return data;
}

/** One lead with everything the detail page shows. */
export async function getLead(id: string) {
  const { data, error } = await supabase
    .from('leads')
    .select(
      `
      id,
      name,
      email,
      phone,
      status,
      lead_contacts (
        role,
        contacts ( id, first_name, last_name, email )
      ),
      lead_notes ( id, body, created_at ),
      deals ( id, title, stage, amount_cents )
    `,
    )
    .eq('id', id)
    .order('created_at', { referencedTable: 'lead_notes', ascending: false })
    .limit(20, { foreignTable: 'lead_notes' })
    .single();
  if (error) throw error;
  return data;
}

/** Leads where one of the contacts is the champion. */
export async function leadsWithChampion(workspaceId: string) {
  const { data, error } = await supabase
    .from("leads")
    .select('id, name, lead_contacts!inner(role)')
    .eq('workspace_id', workspaceId)
    .eq('lead_contacts.role', 'champion');
  if (error) throw error;
  return data;
}

/** The contacts of a lead, through the join table. */
export async function leadContactNames(leadId: string) {
  const { data, error } = await supabase
    .from('leads')
    .select('id, contacts!lead_contacts(first_name, last_name)')
    .eq('id', leadId)
    .single();
  if (error) throw error;
  return data.contacts.map((c) => [c.first_name, c.last_name].filter(Boolean).join(' '));
}

export async function createLead(lead: TablesInsert<'leads'>): Promise<Lead> {
  const { data, error } = await supabase.from('leads').insert(lead).select().single();
  if (error) throw error;
  return data;
}

export async function addNote(leadId: string, body: string) {
  const { data, error } = await supabase
    .from('lead_notes')
    .insert({ lead_id: leadId, body })
    .select('id, body, created_at, author:profiles(full_name)')
    .single();
  if (error) throw error;
  return data;
}

export async function statusCounts(workspaceId: string) {
  const { data, error } = await supabase.rpc('lead_count_by_status', { target_workspace: workspaceId });
  if (error) throw error;
  return data;
}

/** The dashboard's pipeline report (a view). */
export async function pipeline(workspaceId: string) {
  const { data, error } = await supabase
    .from('lead_pipeline')
    .select('lead_id, name, status, deal_count, open_amount_cents')
    .eq('workspace_id', workspaceId);
  if (error) throw error;
  return data;
}

/** New leads appear in the list without a reload. */
export function watchLeads(workspaceId: string, onLead: (lead: Lead) => void) {
  return supabase
    .channel('leads-changes')
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'leads', filter: `workspace_id=eq.${workspaceId}` },
      (payload) => onLead(payload.new as Lead),
    )
    .subscribe();
}
