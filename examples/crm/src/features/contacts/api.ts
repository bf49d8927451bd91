import { TABLES } from '../../lib/tables';
import { uniqueIds } from '../../lib/rows';
import { supabase } from '../../lib/supabase';
import type { TablesInsert } from '../../types/database.types';

export async function searchContacts(workspaceId: string, term: string) {
  const { data, error } = await supabase
    .from(TABLES.contacts)
    .select('id, first_name, last_name, email, lead_contacts(leads(id, name))')
    .eq('workspace_id', workspaceId)
    .ilike('email', `%${term}%`);
  if (error) throw error;
  return data;
}

export async function linkContacts(leadId: string, contactIds: string[], role = 'stakeholder') {
  const rows: TablesInsert<'lead_contacts'>[] = uniqueIds(contactIds).map((contact_id) => ({
    lead_id: leadId,
    contact_id,
    role,
  }));
  const { error } = await supabase.from('lead_contacts').upsert(rows, { onConflict: 'lead_id,contact_id' });
  if (error) throw error;
}

export async function importContacts(rows: TablesInsert<'contacts'>[]) {
  // contacts are deduplicated by email in the import UI before they get here
  const { data, error } = await supabase.from(TABLES.contacts).insert(rows).select('id');
  if (error) throw error;
  return data.length;
}
