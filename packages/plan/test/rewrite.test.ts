import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, quoteIdentifier, rewritePlpgsqlBody, rewriteSqlBody, searchPathOf, type RewriteNames } from '@retable/plan';

const names: RewriteNames = {
  schema: 'public',
  tables: new Map([
    ['leads', 'crm_leads'],
    ['members', 'user'],
  ]),
  constraints: new Map([['leads_pkey', 'crm_leads_pkey']]),
};

beforeAll(async () => {
  await loadParser();
});

function plpgsql(body: string, returns = 'void') {
  // Postgres rejects arguments on a trigger function, and so does PL/pgSQL's parser.
  const args = returns === 'trigger' ? '' : 'x integer';
  const definition = `CREATE OR REPLACE FUNCTION public.f(${args})\n RETURNS ${returns}\n LANGUAGE plpgsql\nAS $function$${body}$function$\n`;
  return rewritePlpgsqlBody(definition, body, names);
}

describe('rewriteSqlBody', () => {
  it('replaces relations, qualified columns and type names where the parser places them', () => {
    const body = `
      select leads.id, l2.name, 'é' as accent from public.leads join "leads" as l2 on l2.id = leads.id;
      select (null::leads).id, count(*) from other.leads, members where public.leads.id is null;
      insert into leads (name) values ('x') on conflict on constraint leads_pkey do nothing returning leads.id`;
    const result = rewriteSqlBody(body, names);
    expect(result.body).toBe(`
      select crm_leads.id, l2.name, 'é' as accent from public.crm_leads join crm_leads as l2 on l2.id = crm_leads.id;
      select (null::crm_leads).id, count(*) from other.leads, "user" where public.leads.id is null;
      insert into crm_leads (name) values ('x') on conflict on constraint crm_leads_pkey do nothing returning crm_leads.id`);
    // other.leads is another schema's table, so public.leads.id there is left as it is.
    expect(result.review).toEqual([]);
  });

  it('rewrites `leads.col` only where leads is the bare table, and leaves ambiguity for review', () => {
    expect(rewriteSqlBody('select leads.id from leads', names).body).toBe('select crm_leads.id from crm_leads');
    expect(rewriteSqlBody('select leads.id from other leads', names).body).toBe('select leads.id from other leads');
    expect(rewriteSqlBody('select leads.id from leads, other leads', names).review).toEqual([
      { line: 1, message: 'leads.id: leads is both a table and an alias here: check by hand' },
    ]);
  });

  it('leaves strings that spell a table and CTEs that shadow one outside their scope for review', () => {
    const body = "select to_regclass('public.leads');\nwith leads as (select 1) select * from leads;\nselect * from leads, (with leads as (select 1) select * from leads) x";
    const result = rewriteSqlBody(body, names);
    expect(result.body).toBe(body);
    expect(result.review).toEqual([
      { line: 1, message: "the string 'public.leads' names leads (regclass, to_regclass, dynamic SQL?): check by hand" },
      { line: 3, message: 'WITH leads AS (…) shadows the table leads: check by hand' },
    ]);
  });

  it('reports SQL the parser rejects instead of guessing', () => {
    const result = rewriteSqlBody('select from leads where', names);
    expect(result.body).toBe('select from leads where');
    expect(result.review[0]!.message).toMatch(/^SQL the parser rejects \(syntax error at end of input\): rewrite by hand$/);
  });
});

describe('rewritePlpgsqlBody', () => {
  it('rewrites statements, expressions and declarations found by the PL/pgSQL parser', () => {
    const body = `
declare
  v leads%rowtype;
  r public.leads;
  n leads.name%type;
  c cursor for select * from leads;
begin
  -- leads in a comment stays
  select * into v from leads l where l.id = x;
  perform 1 from leads;
  if exists (select 1 from leads where leads.id = x) then
    n := (select name from leads limit 1);
  end if;
  for r in select * from public.leads loop
    raise notice '% %', r.id, (select count(*) from leads);
  end loop;
  insert into leads (name) values ('Ünïcode') on conflict on constraint leads_pkey do nothing;
  update members set x = 1 where members.id = x;
end
`;
    const result = plpgsql(body);
    expect(result.body).toBe(`
declare
  v crm_leads%rowtype;
  r public.crm_leads;
  n crm_leads.name%type;
  c cursor for select * from crm_leads;
begin
  -- leads in a comment stays
  select * into v from crm_leads l where l.id = x;
  perform 1 from crm_leads;
  if exists (select 1 from crm_leads where crm_leads.id = x) then
    n := (select name from crm_leads limit 1);
  end if;
  for r in select * from public.crm_leads loop
    raise notice '% %', r.id, (select count(*) from crm_leads);
  end loop;
  insert into crm_leads (name) values ('Ünïcode') on conflict on constraint crm_leads_pkey do nothing;
  update "user" set x = 1 where "user".id = x;
end
`);
    expect(result.review).toEqual([]);
    expect(result.replaced).toBe(15);
  });

  it('places INTO STRICT, RETURNING … INTO, CASE, EXIT WHEN, nested blocks, multi-line PERFORM and RETURN', () => {
    const body = `
<<outer>>
declare
  v public.leads%ROWTYPE;
  n bigint;
begin
  select * into strict v
    from leads where id = 1;
  insert into leads (name) values ('a') returning id into n;
  case when (select count(*) from leads) > 0 then n := 1; else n := 2; end case;
  loop
    exit when (select max(id) from leads) is null;
  end loop;
  declare
    w leads;
  begin
    PERFORM
      1
      from leads;
    update leads set name = 'b' where leads.id = n returning leads.id into n;
  end;
  return (select count(*) from "leads");
end`;
    const result = plpgsql(body, 'bigint');
    expect(result.review).toEqual([]);
    expect(result.body).toBe(body.replace(/"leads"|\bleads\b/g, 'crm_leads'));
    expect(result.replaced).toBe(11);
  });

  it('returns query and trigger bodies', () => {
    const result = plpgsql('\nbegin\n  insert into leads select new.*;\n  return new;\nend\n', 'trigger');
    expect(result.body).toBe('\nbegin\n  insert into crm_leads select new.*;\n  return new;\nend\n');
  });

  it('lists dynamic SQL that names a table for review and does not touch it', () => {
    const body = "\nbegin\n  execute 'delete from leads where id = $1' using x;\n  execute format('select 1 from %I', 'leads');\nend\n";
    const result = plpgsql(body);
    expect(result.body).toBe(body);
    expect(result.review).toEqual([
      { line: 3, message: 'SQL run by EXECUTE names leads inside a string: rewrite by hand' },
      { line: 4, message: 'SQL run by EXECUTE names leads inside a string: rewrite by hand' },
    ]);
  });

  it('flags a name outside any SQL the parser placed (a variable named like the table)', () => {
    const result = plpgsql('\ndeclare\n  leads integer := 1;\nbegin\n  return;\nend\n');
    expect(result.review).toEqual([{ line: 3, message: '"leads" outside any SQL statement the parser placed: check by hand' }]);
  });

  it('reports a body PL/pgSQL rejects', () => {
    const result = plpgsql('\nbegin\n  select from leads\nend\n');
    expect(result.replaced).toBe(0);
    expect(result.review).toHaveLength(1);
    expect(result.review[0]!.message).toMatch(/^PL\/pgSQL parser failed/);
  });
});

describe('search_path', () => {
  it('leaves unqualified names alone where the function\'s search_path leaves the schema out', () => {
    const elsewhere = { ...names, unqualified: false };
    expect(rewriteSqlBody('select count(*) from leads join public.leads p on true where leads.id = 1', elsewhere).body).toBe(
      'select count(*) from leads join public.crm_leads p on true where leads.id = 1',
    );
    const body = '\ndeclare\n  v leads;\n  w public.leads;\nbegin\n  perform 1 from leads;\nend\n';
    const definition = `CREATE OR REPLACE FUNCTION public.f()\n RETURNS void\n LANGUAGE plpgsql\nAS $function$${body}$function$\n`;
    const result = rewritePlpgsqlBody(definition, body, elsewhere);
    expect(result.body).toBe('\ndeclare\n  v leads;\n  w public.crm_leads;\nbegin\n  perform 1 from leads;\nend\n');
  });

  it('reads the search_path of pg_proc.proconfig', () => {
    expect(searchPathOf(null)).toBeUndefined();
    expect(searchPathOf(['statement_timeout=5s'])).toBeUndefined();
    expect(searchPathOf(['search_path=""'])).toEqual([]);
    expect(searchPathOf(['search_path=public, extensions'])).toEqual(['public', 'extensions']);
    expect(searchPathOf(['search_path="$user", public, "My Schema"'])).toEqual(['$user', 'public', 'My Schema']);
  });
});

describe('quoteIdentifier', () => {
  it('quotes like quote_ident: reserved words, capitals and odd characters', () => {
    expect(['crm_leads', 'user', 'name', 'Leads', 'a$b', 'order', 'select_x'].map(quoteIdentifier)).toEqual([
      'crm_leads',
      '"user"',
      'name',
      '"Leads"',
      '"a$b"',
      '"order"',
      'select_x',
    ]);
  });
});
