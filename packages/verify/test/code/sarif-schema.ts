import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`: under NodeNext the plugin is its default's default.
const addFormats = formats.default;

// The official SARIF 2.1.0 schema (draft-07), committed as test data; see data/SOURCE.md.
const schema = JSON.parse(readFileSync(new URL('./data/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;

// strict: false because Ajv's strict mode lints schema style (e.g. `required` names inside
// `anyOf` branches), which the OASIS schema does not follow; validation itself is unchanged.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Schema errors of a SARIF log, as `instancePath message` lines (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
