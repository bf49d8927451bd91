import { supabase } from '../../lib/supabase';
import type { Enums, Tables, TablesInsert } from '../../types/database.types';

export type Message = Tables<'messages'>;

export async function conversation(leadId: string) {
  const { data, error } = await supabase
    .schema('public')
    .from("messages")
    .select('id, body, channel, direction, sent_at, sender:profiles(full_name), email_logs(status)')
    .eq('lead_id', leadId)
    .order('sent_at');
  if (error) throw error;
  return data;
}

export async function send(message: TablesInsert<'messages'>) {
  const { data, error } = await supabase
    .from('messages')
    .insert(message)
    .select('id, sent_at, leads(name)')
    .single();
  if (error) throw error;
  return data;
}

export async function schedule(leadId: string, channel: Enums<'message_channel'>, body: string, sendAt: Date) {
  const { data, error } = await supabase
    .from('scheduled_messages')
    .upsert({ lead_id: leadId, channel, body, send_at: sendAt.toISOString() })
    .select('id, send_at, status, leads(name, email)')
    .single();
  if (error) throw error;
  return data;
}

export async function pendingScheduled() {
  const { data, error } = await supabase
    .from('scheduled_messages')
    .select('id, send_at, leads!inner(name, workspace_id)')
    .eq('status', 'pending')
    .order('send_at');
  if (error) throw error;
  return data;
}

/** The inbox listens for new messages of one lead. */
export function watchConversation(leadId: string, onMessage: (message: Message) => void) {
  return supabase
    .channel(`messages:${leadId}`)
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'messages', filter: `lead_id=eq.${leadId}` },
      (payload) => onMessage(payload.new as Message),
    )
    .subscribe();
}
