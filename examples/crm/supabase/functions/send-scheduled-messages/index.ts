// Sends the scheduled messages that are due. Runs every minute (Supabase cron → this function).
import { createClient } from '@supabase/supabase-js';
import type { Database, TablesInsert } from '../../../src/types/database.types.ts';

const supabase = createClient<Database>(
  Deno.env.get('SUPABASE_URL') ?? '',
  Deno.env.get('SUPABASE_SERVICE_ROLE_KEY') ?? '',
);

Deno.serve(async () => {
  const { data: due, error } = await supabase
    .from('scheduled_messages')
    .select('id, channel, body, leads!inner(id, workspace_id, email, owner_id)')
    .eq('status', 'pending')
    .lte('send_at', new Date().toISOString())
    .limit(100);
  if (error) return Response.json({ error: error.message }, { status: 500 });

  let sent = 0;
  for (const item of due) {
    const message: TablesInsert<'messages'> = {
      workspace_id: item.leads.workspace_id,
      lead_id: item.leads.id,
      sender_id: item.leads.owner_id,
      channel: item.channel,
      direction: 'outbound',
      body: item.body,
    };
    const { data: row, error: insertError } = await supabase.from('messages').insert(message).select('id').single();
    if (insertError) continue;
    if (item.channel === 'email' && item.leads.email) {
      await supabase.from('email_logs').insert({ message_id: row.id, to_email: item.leads.email, subject: 'Following up' });
    }
    await supabase.from('scheduled_messages').update({ status: 'sent', sent_message_id: row.id }).eq('id', item.id);
    sent += 1;
  }
  return Response.json({ sent });
});
