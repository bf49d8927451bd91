import { supabase } from '../../lib/supabase';
import type { Database, Enums } from '../../types/database.types';

type Workspace = Database['public']['Tables']['workspace']['Row'];

/** The workspaces the user belongs to, with their role in each. */
export async function myWorkspaces(userId: string) {
  const { data, error } = await supabase
    .from('workspace')
    .select('id, name, workspace_members!inner(role)')
    .eq('workspace_members.user_id', userId)
    .order('name');
  if (error) throw error;
  return data;
}

export async function renameWorkspace(id: Workspace['id'], name: string) {
  const { error } = await supabase.from('workspace').update({ name }).eq('id', id);
  if (error) throw error;
}

export async function members(workspaceId: string) {
  const { data, error } = await supabase
    .from('workspace_members')
    .select('role, joined_at, profiles(full_name, email), workspace(name)')
    .eq('workspace_id', workspaceId);
  if (error) throw error;
  return data;
}

export async function setRole(workspaceId: string, userId: string, role: Enums<'member_role'>) {
  const { error } = await supabase
    .from('workspace_members')
    .update({ role })
    .match({ workspace_id: workspaceId, user_id: userId });
  if (error) throw error;
}
