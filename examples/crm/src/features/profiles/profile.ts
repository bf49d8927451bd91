import { supabase } from '../../lib/supabase';
import type { Tables, TablesUpdate } from '../../types/database.types';

export type Profile = Tables<'profiles'>;

export async function getProfile(userId: string): Promise<Profile | null> {
  const { data, error } = await supabase.from('profiles').select('*').eq('id', userId).maybeSingle();
  if (error) throw error;
  return data;
}

export async function updateProfile(userId: string, changes: TablesUpdate<'profiles'>) {
  const { data, error } = await supabase
    .from('profiles')
    .update(changes)
    .eq('id', userId)
    .select('id, full_name, avatar_url')
    .single();
  if (error) throw error;
  return data;
}

/** Avatars live in the storage bucket named "profiles" (a bucket, not the table). */
export async function uploadAvatar(userId: string, file: Blob): Promise<string> {
  const path = `${userId}/avatar.png`;
  const { error } = await supabase.storage.from('profiles').upload(path, file, { upsert: true });
  if (error) throw error;
  return supabase.storage.from('profiles').getPublicUrl(path).data.publicUrl;
}
