/**
 * Which domain a table belongs to: with `domains` from the config, the first domain (in config
 * order) listing its name or a matching pattern (`crm_*`); else the part before the first `_`
 * (the whole name when it has none).
 */
export function domainMatcher(domains: Record<string, readonly string[]> | undefined): (table: string) => string | null {
  if (!domains || Object.keys(domains).length === 0) {
    return (table) => {
      const cut = table.indexOf('_');
      return cut > 0 ? table.slice(0, cut) : table;
    };
  }
  const rules = Object.entries(domains).map(([domain, entries]) => ({
    domain,
    patterns: entries.map(patternToRegExp),
  }));
  return (table) => rules.find((rule) => rule.patterns.some((re) => re.test(table)))?.domain ?? null;
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
