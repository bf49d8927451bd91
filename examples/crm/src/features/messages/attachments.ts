import { supabase } from '../../lib/supabase';

// Attachments are files in the "messages" storage bucket, unrelated to the messages table.
const storage = supabase.storage;

export async function uploadAttachment(messageId: string, file: Blob, name: string): Promise<string> {
  const path = `${messageId}/${name}`;
  const { error } = await supabase.storage.from('messages').upload(path, file);
  if (error) throw error;
  return path;
}

export async function attachmentUrl(path: string): Promise<string> {
  const { data, error } = await storage.from('messages').createSignedUrl(path, 60 * 60);
  if (error) throw error;
  return data.signedUrl;
}
