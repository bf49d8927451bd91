import { supabase } from '../../lib/supabase';
import type { Database, TablesInsert } from '../../types/database.types';

type StripeCustomer = Database['public']['Tables']['stripe_customers']['Row'];

export async function billingRecord(profileId: string): Promise<StripeCustomer | null> {
  const { data, error } = await supabase
    .from('stripe_customers')
    .select('*')
    .eq('profile_id', profileId)
    .maybeSingle();
  if (error) throw error;
  return data;
}

export async function customerWithProfile(profileId: string) {
  const { data, error } = await supabase
    .from('stripe_customers')
    .select('stripe_customer_id, profiles(email, full_name)')
    .eq('profile_id', profileId)
    .single();
  if (error) throw error;
  return data;
}

export function customerRow(profileId: string, stripeCustomerId: string): TablesInsert<'stripe_customers'> {
  return { profile_id: profileId, stripe_customer_id: stripeCustomerId };
}
