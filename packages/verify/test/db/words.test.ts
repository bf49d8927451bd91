import { describe, expect, it } from 'vitest';
import { findWord, stripSqlComments } from '../../src/db/words.js';

describe('findWord', () => {
  it.each([
    ['select * from leads', 1],
    ['select *\nfrom public.LEADS l', 2],
    ['select * from crm_leads', undefined],
    ['select leads_count from x', undefined],
    ['select * from "leads"', 1],
    ["execute 'delete from leads'", 1],
    ['select $leads from x', undefined],
  ])('%j → %s', (text, line) => {
    expect(findWord(text, 'leads')).toBe(line);
  });
});

describe('stripSqlComments', () => {
  it('drops -- and /* */ comments, keeps strings and line numbers', () => {
    const body = "a -- leads\nb /* leads\n leads */ c 'x -- not a comment'\nd";
    const stripped = stripSqlComments(body);
    expect(stripped.split('\n')).toEqual(['a ', 'b         ', "          c 'x -- not a comment'", 'd']);
    expect(findWord(stripped, 'leads')).toBeUndefined();
  });
});
