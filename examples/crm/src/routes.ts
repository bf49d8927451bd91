// Routes keep their names: the pages are still "leads" and "messages" to users.
export const routes = {
  leads: '/leads',
  contacts: '/contacts',
  messages: '/messages',
  calls: '/calls',
  settings: '/settings/workspace',
} as const;

export function leadPath(id: string): string {
  return `/leads/${id}`;
}
