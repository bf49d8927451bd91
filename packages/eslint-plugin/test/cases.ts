/**
 * The rule's cases: every form of the README's codemod table (orders → sales_orders, customers →
 * crm_customers, order_items → sales_order_items) and the look-alikes that must stay silent.
 * `output` is what the codemod writes for the file; forms.test.ts checks it against the codemod too.
 */
export const RENAMES = { orders: 'sales_orders', customers: 'crm_customers', order_items: 'sales_order_items' };

/** [old name, kind, line, column] of each expected report. */
export type Expected = readonly [table: string, kind: string, line: number, column: number];

export interface InvalidCase {
  readonly name: string;
  /** Path of the linted file in the project. */
  readonly file: string;
  readonly code: string;
  /** The text after the fix; null when nothing is fixable (review references). */
  readonly output: string | null;
  readonly errors: readonly Expected[];
  /** Other modules of the project (imports). */
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ValidCase {
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, unknown>>;
}

const client = "import { supabase } from './client';\n";

export const invalid: readonly InvalidCase[] = [
  {
    name: 'from, single quotes',
    file: 'src/from-single.ts',
    code: `${client}export const list = () => supabase.from('orders').select('id');\n`,
    output: `${client}export const list = () => supabase.from('sales_orders').select('id');\n`,
    errors: [['orders', 'from', 2, 42]],
  },
  {
    name: 'from, double quotes and a template without ${}',
    file: 'src/from-quotes.ts',
    code: `${client}export const a = () => supabase.from("orders");\nexport const b = () => supabase.from(\`customers\`);\n`,
    output: `${client}export const a = () => supabase.from("sales_orders");\nexport const b = () => supabase.from(\`crm_customers\`);\n`,
    errors: [
      ['orders', 'from', 2, 39],
      ['customers', 'from', 3, 39],
    ],
  },
  {
    name: "from after .schema('public')",
    file: 'src/from-schema.ts',
    code: `${client}export const a = () => supabase.schema('public').from('orders').select('*');\n`,
    output: `${client}export const a = () => supabase.schema('public').from('sales_orders').select('*');\n`,
    errors: [['orders', 'from', 2, 56]],
  },
  {
    name: 'embedded resource: the alias keeps the response key',
    file: 'src/embed.ts',
    code: `${client}export const a = () => supabase.from('invoices').select('id, customers(name)');\n`,
    output: `${client}export const a = () => supabase.from('invoices').select('id, customers:crm_customers(name)');\n`,
    errors: [['customers', 'embed', 2, 62]],
  },
  {
    name: 'aliased embed with an FK hint, and !inner',
    file: 'src/embed-hint.ts',
    code:
      `${client}export const a = () => supabase.from('invoices').select('id, buyer:customers!orders_buyer_fkey(name)');\n` +
      `export const b = () => supabase.from('invoices').select('id, customers!inner(name)');\n`,
    output:
      `${client}export const a = () => supabase.from('invoices').select('id, buyer:crm_customers!orders_buyer_fkey(name)');\n` +
      `export const b = () => supabase.from('invoices').select('id, customers:crm_customers!inner(name)');\n`,
    errors: [
      ['customers', 'embed', 2, 68],
      ['customers', 'embed', 3, 62],
    ],
  },
  {
    name: 'a hint that names a renamed join table',
    file: 'src/hint.ts',
    code: `${client}export const a = () => supabase.from('products').select('id, customers!order_items(name)');\n`,
    output: `${client}export const a = () => supabase.from('products').select('id, customers:crm_customers!sales_order_items(name)');\n`,
    errors: [
      ['customers', 'embed', 2, 62],
      ['order_items', 'hint', 2, 72],
    ],
  },
  {
    name: 'spread embed',
    file: 'src/spread.ts',
    code: `${client}export const a = () => supabase.from('invoices').select('id, ...customers(name)');\n`,
    output: `${client}export const a = () => supabase.from('invoices').select('id, ...crm_customers(name)');\n`,
    errors: [['customers', 'spread', 2, 65]],
  },
  {
    name: 'a filter on a spread embed is reported for review, without a fix of its own',
    file: 'src/spread-review.ts',
    code: `${client}export const a = () =>\n  supabase.from('invoices').select('id, ...customers(name)').eq('customers.name', 'Ada');\n`,
    output: `${client}export const a = () =>\n  supabase.from('invoices').select('id, ...crm_customers(name)').eq('customers.name', 'Ada');\n`,
    errors: [
      ['customers', 'spread', 3, 44],
      ['customers', 'review', 3, 66],
    ],
  },
  {
    name: 'realtime filter',
    file: 'src/realtime.ts',
    code:
      `${client}supabase\n  .channel('orders')\n` +
      `  .on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, () => {})\n  .subscribe();\n`,
    output:
      `${client}supabase\n  .channel('orders')\n` +
      `  .on('postgres_changes', { event: '*', schema: 'public', table: 'sales_orders' }, () => {})\n  .subscribe();\n`,
    errors: [['orders', 'realtime', 4, 67]],
  },
  {
    name: 'types',
    file: 'src/types.ts',
    code:
      "import type { Database, Tables, TablesInsert } from './database.types';\n" +
      "export type Order = Tables<'orders'>;\n" +
      "export type NewOrder = TablesInsert<'orders'>;\n" +
      "export type Customer = Database['public']['Tables']['customers']['Row'];\n",
    output:
      "import type { Database, Tables, TablesInsert } from './database.types';\n" +
      "export type Order = Tables<'sales_orders'>;\n" +
      "export type NewOrder = TablesInsert<'sales_orders'>;\n" +
      "export type Customer = Database['public']['Tables']['crm_customers']['Row'];\n",
    errors: [
      ['orders', 'type', 2, 29],
      ['orders', 'type', 3, 38],
      ['customers', 'type', 4, 54],
    ],
  },
  {
    name: 'constants in the same file: renamed at the declaration, once',
    file: 'src/constants.ts',
    code:
      `${client}const ORDERS = 'orders';\n` +
      "const TABLES = { customers: 'customers' } as const;\n" +
      'export const a = () => supabase.from(ORDERS);\n' +
      'export const b = () => supabase.from(ORDERS).select();\n' +
      'export const c = () => supabase.from(TABLES.customers);\n',
    output:
      `${client}const ORDERS = 'sales_orders';\n` +
      "const TABLES = { customers: 'crm_customers' } as const;\n" +
      'export const a = () => supabase.from(ORDERS);\n' +
      'export const b = () => supabase.from(ORDERS).select();\n' +
      'export const c = () => supabase.from(TABLES.customers);\n',
    errors: [
      ['orders', 'constant', 2, 17],
      ['customers', 'constant', 3, 30],
    ],
  },
  {
    name: 'a constant exported here and used as a table by another module',
    file: 'src/lib/tables.ts',
    code: "export const ORDERS_TABLE = 'orders';\nexport const NAV = 'orders';\n",
    output: "export const ORDERS_TABLE = 'sales_orders';\nexport const NAV = 'orders';\n",
    errors: [['orders', 'constant', 1, 30]],
    files: {
      'src/features/orders.ts': `import { supabase } from '../client';\nimport { ORDERS_TABLE } from '../lib/tables';\nexport const list = () => supabase.from(ORDERS_TABLE).select('id');\n`,
    },
  },
  {
    name: 'a select string held in a constant',
    file: 'src/select-constant.ts',
    code: `${client}const COLUMNS = 'id, customers(name)';\nexport const a = () => supabase.from('invoices').select(COLUMNS);\n`,
    output: `${client}const COLUMNS = 'id, customers:crm_customers(name)';\nexport const a = () => supabase.from('invoices').select(COLUMNS);\n`,
    errors: [['customers', 'embed', 2, 22]],
  },
  {
    name: 'JavaScript, parsed by espree',
    file: 'src/plain.js',
    code: "import { supabase } from './client.js';\nexport async function list() {\n  return supabase.from('orders').select('*, customers(name)');\n}\n",
    output:
      "import { supabase } from './client.js';\nexport async function list() {\n  return supabase.from('sales_orders').select('*, customers:crm_customers(name)');\n}\n",
    errors: [
      ['orders', 'from', 3, 25],
      ['customers', 'embed', 3, 45],
    ],
  },
  {
    name: 'a TSX component',
    file: 'src/OrderList.tsx',
    code:
      "import { useEffect, useState } from 'react';\nimport { supabase } from './client';\n\n" +
      'export function OrderList() {\n  const [rows, setRows] = useState<unknown[]>([]);\n' +
      "  useEffect(() => {\n    supabase.from('orders').select('id, customers(name)').then(({ data }) => setRows(data ?? []));\n  }, []);\n" +
      '  return <section><h1>Orders</h1><a href="/orders">orders</a>{rows.length}</section>;\n}\n',
    output:
      "import { useEffect, useState } from 'react';\nimport { supabase } from './client';\n\n" +
      'export function OrderList() {\n  const [rows, setRows] = useState<unknown[]>([]);\n' +
      "  useEffect(() => {\n    supabase.from('sales_orders').select('id, customers:crm_customers(name)').then(({ data }) => setRows(data ?? []));\n  }, []);\n" +
      '  return <section><h1>Orders</h1><a href="/orders">orders</a>{rows.length}</section>;\n}\n',
    errors: [
      ['orders', 'from', 7, 20],
      ['customers', 'embed', 7, 41],
    ],
  },
  {
    name: 'CRLF line endings and a BOM stay; positions are the buffer’s',
    file: 'src/crlf-bom.ts',
    code: `\uFEFFimport { supabase } from './client';\r\nexport const a = () => supabase.from('orders');\r\nexport const b = () => supabase.from('customers');\r\n`,
    output: `\uFEFFimport { supabase } from './client';\r\nexport const a = () => supabase.from('sales_orders');\r\nexport const b = () => supabase.from('crm_customers');\r\n`,
    errors: [
      ['orders', 'from', 2, 39],
      ['customers', 'from', 3, 39],
    ],
  },
  {
    name: 'a line silenced with retable-ignore-next-line; the others still reported',
    file: 'src/ignore.ts',
    code: `${client}// retable-ignore-next-line\nexport const a = () => supabase.from('orders');\nexport const b = () => supabase.from('orders');\n`,
    output: `${client}// retable-ignore-next-line\nexport const a = () => supabase.from('orders');\nexport const b = () => supabase.from('sales_orders');\n`,
    errors: [['orders', 'from', 4, 39]],
  },
  {
    name: 'dynamic references with reportDynamic',
    file: 'src/dynamic-reported.ts',
    code: `${client}export const rows = (table: string) => supabase.from(table).select('*');\n`,
    output: null,
    errors: [['table', 'from', 2, 54]],
    options: { reportDynamic: true },
  },
];

export const valid: readonly ValidCase[] = [
  { name: 'new names', file: 'src/new-names.ts', code: `${client}supabase.from('sales_orders').select('id, customers:crm_customers(name), ...crm_customers(email)');\n` },
  { name: 'tables not in the map', file: 'src/other-table.ts', code: `${client}supabase.from('products').select('id, vendors(name)');\n` },
  { name: 'Array.from and Buffer.from', file: 'src/array-from.ts', code: "export const a = Array.from('orders');\nexport const b = Buffer.from('customers');\n" },
  {
    name: 'storage buckets',
    file: 'src/storage.ts',
    code: `${client}supabase.storage.from('orders').upload('a.pdf', new Blob());\nconst bucket = supabase.storage;\nbucket.from('customers').remove(['x']);\nconst { storage } = supabase;\nstorage.from('orders').list();\n`,
  },
  { name: 'rpc and channel names', file: 'src/rpc.ts', code: `${client}supabase.rpc('orders', { id: 1 });\nsupabase.channel('customers').subscribe();\n` },
  { name: 'plain select columns', file: 'src/columns.ts', code: `${client}supabase.from('invoices').select('id, orders_count, orders, customers_id');\n` },
  {
    name: 'routes, UI copy, object keys, comments',
    file: 'src/copy.tsx',
    code:
      "// orders and customers are listed here\nexport const routes = { orders: '/orders', customers: '/customers/:id' };\n" +
      "export const title = 'orders';\nexport const Page = () => <h1 title=\"customers\">Your orders</h1>;\n",
  },
  { name: 'another schema', file: 'src/other-schema.ts', code: `${client}supabase.schema('billing').from('orders').select('*');\n` },
  { name: 'views in the types', file: 'src/views.ts', code: "import type { Database } from './database.types';\nexport type V = Database['public']['Views']['orders'];\n" },
  { name: 'an ORM table object', file: 'src/drizzle.ts', code: "import { db } from './db';\nimport { orders } from './schema';\nexport const all = () => db.select().from(orders);\n" },
  { name: 'a file silenced as a whole', file: 'src/ignore-file.ts', code: `/* retable-ignore-file */\n${client}supabase.from('orders');\n` },
  {
    name: 'a file the CLI does not scan (build output)',
    file: 'dist/orders.js',
    code: "import { supabase } from './client.js';\nsupabase.from('orders');\n",
  },
  { name: 'dynamic references without reportDynamic', file: 'src/dynamic.ts', code: `${client}export const rows = (table: string) => supabase.from(table).select('*');\n` },
  {
    name: 'a use of a constant declared in another module (the reference is at the declaration)',
    file: 'src/features/customers.ts',
    code: "import { supabase } from '../client';\nimport { CUSTOMERS } from '../lib/names';\nexport const list = () => supabase.from(CUSTOMERS);\n",
    files: { 'src/lib/names.ts': "export const CUSTOMERS = 'customers';\n" },
  },
];
