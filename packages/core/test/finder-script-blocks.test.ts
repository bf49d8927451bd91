import { describe, expect, test } from 'vitest';
import { codeView, scriptBlocks } from '@retable/core';
import { find, rewrite, summary } from './helpers.js';

describe('script blocks of .vue, .svelte and .astro files', () => {
  test('a Vue <script setup lang="ts">: the file\'s own line and column; the template is markup', () => {
    const input = [
      '<template>',
      '  <p v-if="orders.length">{{ \'orders\' }} orders</p>',
      '</template>',
      '<script setup lang="ts">',
      "const { data } = await supabase.from('orders').select('id, customers(name)')",
      '</script>',
      '<style>p::before { content: "orders"; }</style>',
      '',
    ].join('\n');
    expect(summary(find(input, 'src/Orders.vue'))).toEqual([
      'from old orders @5:39',
      'embed old customers @5:60',
    ]);
    expect(rewrite(input, 'src/Orders.vue')).toBe(
      input.replace("from('orders').select('id, customers(name)')", "from('sales_orders').select('id, customers:crm_customers(name)')"),
    );
  });

  test('the code view keeps the length and the line breaks, and blanks everything else', () => {
    const input = '<script>\r\nconst a = 1\r\n</script>\r\n<div>orders 🧾</div>\r\n';
    const view = codeView('x.svelte', input);
    expect(view.length).toBe(input.length);
    expect(view).toBe('        \r\nconst a = 1\r\n         \r\n' + ' '.repeat('<div>orders 🧾</div>'.length) + '\r\n');
    expect(codeView('x.ts', input)).toBe(input);
  });

  test('Svelte module and instance scripts; a script in an HTML comment is markup', () => {
    const input = [
      '<!-- <script>supabase.from("orders")</script> -->',
      '<script context="module">export const prerender = true</script>',
      '<script lang="ts">',
      '  const q = supabase.from("orders")',
      '</script>',
      '<h1>{"orders"}</h1>',
    ].join('\n');
    expect(summary(find(input, 'src/routes/+page.svelte'))).toEqual(['from old orders @4:28']);
  });

  test('Astro frontmatter and client <script>; JSON-LD and expressions in the markup are not code', () => {
    const input = [
      '---',
      "const { data } = await supabase.from('orders').select('*')",
      "if (!data) return Astro.redirect('/404')",
      '---',
      "<p>{supabase.from('orders')}</p>",
      '<script type="application/ld+json">{ "x": "orders" }</script>',
      "<script>supabase.from('customers')</script>",
    ].join('\n');
    expect(summary(find(input, 'src/pages/index.astro'))).toEqual(['from old orders @2:39', 'from old customers @7:24']);
    expect(scriptBlocks('index.astro', input).length).toBe(2);
  });

  test("the markup's event handlers that query are code: Svelte on:click={…} and onclick={…}, Vue @click=\"…\"", () => {
    const svelte = [
      '<script lang="ts">export let supabase: any; export let rows: unknown[]</script>',
      '<button on:click={async () => { await supabase.from("orders").insert(rows); toast(`saved }`) }}>Save</button>',
      '<button onclick={() => supabase.from(\'customers\').delete().eq(\'id\', { a: 1 }.a)}>x</button>',
      '<p on:click={() => go("/orders")}>{"orders"}</p>',
    ].join('\n');
    expect(summary(find(svelte, 'src/routes/+page.svelte'))).toEqual(['from old orders @2:54', 'from old customers @3:39']);
    expect(rewrite(svelte, 'src/routes/+page.svelte')).toBe(svelte.replace('"orders"', '"sales_orders"').replace("'customers'", "'crm_customers'"));
    expect(codeView('a.svelte', svelte).length).toBe(svelte.length);
    const vue = [
      '<template>',
      '  <button @click="supabase.from(\'orders\').delete().eq(\'id\', id)">x</button>',
      '  <button v-on:click="n += 1">{{ n }}</button>',
      '</template>',
      '<script setup lang="ts">const n = 0</script>',
    ].join('\n');
    expect(summary(find(vue, 'src/A.vue'))).toEqual(['from old orders @2:34']);
    // A handler that is no expression (statements): the script blocks alone are read, as before.
    const statements = vue.replace("@click=\"supabase", "@click=\"n = 1; supabase").replace('const n = 0', "const n = supabase.from('customers')");
    expect(summary(find(statements, 'src/A.vue'))).toEqual(['from old customers @5:50']);
  });
});
