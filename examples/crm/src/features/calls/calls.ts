import { supabase } from '../../lib/supabase';
import type { Tables } from '../../types/database.types';

export type Call = Tables<'calls'>;
export type Transcript = Tables<'transcripts'>;

const recordings = supabase.storage.from('calls');

export async function recentCalls(leadId: string) {
  const { data, error } = await supabase
    .from(`calls`)
    .select('id, started_at, duration_seconds, ...profiles!calls_caller_id_fkey(caller_name:full_name)')
    .eq('lead_id', leadId)
    .order('started_at', { ascending: false });
  if (error) throw error;
  return data;
}

export async function callDetail(id: string) {
  const { data, error } = await supabase
    .from('calls')
    .select(`
      id,
      started_at,
      duration_seconds,
      recording_path,
      transcripts ( content, language ),
      leads ( name, phone )
    `)
    .eq('id', id)
    .single();
  if (error) throw error;
  return data;
}

export async function saveTranscript(callId: string, content: string) {
  const { error } = await supabase
    .from('transcripts')
    .upsert({ call_id: callId, content }, { onConflict: 'call_id' });
  if (error) throw error;
}

export async function recordingUrl(call: Call): Promise<string | null> {
  if (!call.recording_path) return null;
  const { data, error } = await recordings.createSignedUrl(call.recording_path, 300);
  if (error) throw error;
  return data.signedUrl;
}
