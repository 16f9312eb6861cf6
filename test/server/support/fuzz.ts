/**
 * Request generators for the fuzz suite: valid values from the JSON schemas of the OpenAPI
 * document (and of the inbound event), and the hostile variants an attacker or a broken client
 * sends: NUL and control characters, 100 kB strings, deep nesting, extreme numbers, dates out of
 * range, wrong types, unknown fields and forged cursors.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Valid values of a schema; `$ref`s resolve against `resolve`. Lengths and sizes are kept small. */
export function valid(schema: JsonSchema, resolve: (ref: string) => JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valid(resolve(schema.$ref), resolve, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, resolve, depth + 1)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf), resolve, depth);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => valid({ ...schema, type }, resolve, depth)));
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(valid(schema.items ?? {}, resolve, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valid(s, resolve, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((k) => k in props) },
      );
      if (typeof schema.additionalProperties !== 'object') return record;
      const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), valid(schema.additionalProperties, resolve, depth + 1), { maxKeys: 3 });
      return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' }).filter((s) => s.length <= (schema.maxLength ?? 200));
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 24, 24)) });
}

export const HOSTILE_KINDS = ['nul', 'control', 'long', 'nesting', 'number', 'date', 'type', 'unknown', 'cursor'] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

const EXTREME_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 2 ** 31, -1, 0, 1e-320, 1e21, 123.456];
const BAD_DATES = ['0017-05-16T09:29:06Z', '0010-01-01', '1969-12-31T23:59:59Z', '99999-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-06-15T25:00:00Z', '1e400'];
const WRONG_TYPES: unknown[] = [null, true, 0, -1, 'text', [], {}, [[]], { a: { b: 1 } }, ''];

/** A value of one hostile kind, for a text position (`short` keeps it small enough for a URL). */
export function hostileValue(kind: HostileKind, short: boolean): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'nul':
      return fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`);
    case 'control':
      return fc
        .array(fc.constantFrom('\u0001', '\u0008', '\u001b', '\u007f', '\ud800', '\udfff', '\ufeff', '\u202e', '\r\n', '%00', '\\u0000'), { minLength: 1, maxLength: 6 })
        .map((a) => `a${a.join('')}`);
    case 'long':
      // In a URL, short enough (≤ 9 kB encoded) to stay under Node's 16 KiB header limit (a 431 before the app).
      return fc.constantFrom('x', 'é', '\u0000').map((c) => c.repeat(short ? 1_500 : 100_000));
    case 'nesting':
      return fc.integer({ min: 100, max: short ? 200 : 1_000 }).map((depth) => nest(depth));
    case 'number':
      return fc.constantFrom(...EXTREME_NUMBERS);
    case 'date':
      return fc.constantFrom(...BAD_DATES);
    case 'type':
      return fc.constantFrom(...WRONG_TYPES);
    case 'unknown':
      return fc.string({ maxLength: 12 });
    case 'cursor':
      return forgedCursor;
  }
}

/** base64url JSON, as real cursors are, of keys that fit no listing or only almost. */
export const forgedCursor = fc
  .oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ t: fc.oneof(fc.constantFrom(...BAD_DATES), fc.string()), id: fc.oneof(fc.uuid(), fc.string()) }),
    fc.record({ s: fc.constantFrom('name', '-mrr', 'health_score', '-churn_probability'), v: fc.oneof(fc.string(), fc.double(), fc.constant(null)), id: fc.string() }),
  )
  .map((key) => Buffer.from(JSON.stringify(key) ?? 'null').toString('base64url'));

const nest = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

/** Every leaf position of a JSON value, as a path of keys. */
export function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

/** `value` with the leaf at `path` replaced (a copy). */
export function replaceAt(value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}
