// Checks requests and responses against the OpenAI chat-completions schemas in
// test/fixtures/openai-spec/chat-subset.json (a subset of the official OpenAPI description).
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import spec from '../fixtures/openai-spec/chat-subset.json';

export type SchemaName =
  | 'CreateChatCompletionRequest'
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'ListModelsResponse'
  | 'ErrorResponse';

type Schema = Record<string, unknown>;
const schemas = spec.components.schemas as unknown as Record<string, Schema>;

/** OpenAPI 3.0's `nullable: true` is not JSON Schema: a 2020-12 validator needs a union with null. */
function withNullUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullUnions);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const copy = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withNullUnions(value)]));
  return nullable === true ? { anyOf: [copy, { type: 'null' }] } : copy;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    if (!ajv) {
      // strict: false because the spec carries OpenAPI keywords (x-oaiMeta, example, …) Ajv does not know.
      ajv = new Ajv2020({ strict: false, allErrors: true, formats: { unixtime: true, date: /^\d{4}-\d\d-\d\d$/, uri: true } });
      ajv.addSchema({ $id: 'openai', components: { schemas: withNullUnions(schemas) } });
    }
    validate = ajv.getSchema(`openai#/components/schemas/${name}`);
    if (!validate) throw new Error(`schema ${name} is not in chat-subset.json`);
    compiled.set(name, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const detail = error.keyword === 'enum' ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

/** Every way `value` breaks the named schema, one readable line each; empty when it is valid. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

/** Property names a schema defines, following `$ref` and the `allOf`/`anyOf`/`oneOf` it is built from. */
function definedProperties(schema: Schema, into = new Set<string>()): Set<string> {
  const ref = schema.$ref;
  if (typeof ref === 'string') definedProperties(schemas[ref.replace('#/components/schemas/', '')], into);
  for (const key of Object.keys((schema.properties as Schema | undefined) ?? {})) into.add(key);
  for (const combined of ['allOf', 'anyOf', 'oneOf']) {
    for (const part of (schema[combined] as Schema[] | undefined) ?? []) definedProperties(part, into);
  }
  return into;
}

let requestFields: Set<string> | undefined;

/**
 * Errors in a chat-completions request body. The schemas allow unknown properties, so a misspelled
 * top-level field would pass them; the real API refuses it ("Unrecognized request argument"), and so does this.
 */
export function chatRequestErrors(body: unknown): string[] {
  requestFields ??= definedProperties(schemas.CreateChatCompletionRequest);
  const errors = schemaErrors('CreateChatCompletionRequest', body);
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const field of Object.keys(body)) {
      if (!requestFields.has(field)) errors.push(`(root) unrecognized request argument "${field}"`);
    }
  }
  return errors;
}
