import { TABLES } from '../../lib/tables';
import { supabase } from '../../lib/supabase';
import type { Tables } from '../../types/database.types';

export type EmailLog = Tables<'email_logs'>;

export async function deliveryStatus(messageId: string) {
  const { data, error } = await supabase
    .from(TABLES.emailLogs)
    .select('status, provider_id, created_at, messages(body, leads(email))')
    .eq('message_id', messageId)
    .order('created_at', { ascending: false })
    .limit(1)
    .maybeSingle();
  if (error) throw error;
  return data;
}
