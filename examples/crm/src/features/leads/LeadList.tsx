import { NAV_SECTION } from '../../lib/tables';
import { routes } from '../../routes';
import type { Lead } from './api';

export const copy = {
  leads: 'Leads',
  empty: 'No leads yet. Import contacts or add your first lead.',
};

export function LeadList(props: { leads: Lead[] }) {
  if (props.leads.length === 0) {
    return <p className="empty">{copy.empty}</p>;
  }
  return (
    <section data-section={NAV_SECTION}>
      <h1>{copy.leads}</h1>
      <ul>
        {props.leads.map((lead) => (
          <li key={lead.id}>
            <a href={`${routes.leads}/${lead.id}`}>{lead.name}</a> <span>{lead.status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
