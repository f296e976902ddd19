import { z } from 'zod';

// The building blocks of the services' environment schemas (one zod schema per service, checked
// by ConfigModule at start) and the one way a bad value is reported: every bad variable named,
// with the value it had.

/** What docs/configuration.md says of a variable: its default and what it does. */
export interface EnvDoc {
  /** The default in words (`` `3` ``, "the service's name"), or '' when unset means off. */
  default: string;
  description: string;
}

/**
 * An unset or empty variable is its default. `doc` is what the configuration page shows of it
 * (envTable): the page is generated from the schemas, so a variable cannot go undocumented.
 */
export const envOptional = <T extends z.ZodType>(schema: T, doc?: EnvDoc) => {
  const optional = z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
  return doc ? optional.meta({ ...doc }) : optional;
};

/** A whole number from min to max (spaces around it allowed). */
export const envWholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const rule = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${rule}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${rule}`);
};

/** A duration in milliseconds, >= 0 (a fraction allowed). */
export const envMilliseconds = () =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of milliseconds >= 0')
    .transform(Number);

/** `true` or `false`, in any case. */
export const envBoolean = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((v) => v === 'true');

/** One of the values, in any case and with spaces around it. */
export const envChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(values, { error: `must be ${values.length === 2 ? values.join(' or ') : `one of ${values.join(', ')}`}` }),
    );

/** Variables whose value a message must not repeat. */
const SECRET = /PASSWORD|SECRET|TOKEN/;

/** The environment, checked: throws `invalid configuration: ...` naming every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${issue.message} (got ${SECRET.test(name) ? 'a value' : `"${env[name]}"`})`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}
