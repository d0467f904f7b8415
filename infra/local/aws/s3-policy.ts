import { principalOfCredential } from './recorder.js';

/** Why S3 refuses a form upload, in its own terms: the error code, status and message, plus size details. */
export interface PostRefusal {
  status: number;
  code: string;
  message: string;
  details?: Record<string, string>;
}

/** A presigned POST's policy, decoded: who signed it, and the checks it puts on the form and the file. */
export interface PostPolicy {
  principal: string;
  /** Checks the form fields (names lower-cased, the key with `${filename}` filled in) and the file's size. */
  check(fields: Map<string, string>, bucket: string, size: number, now: Date): PostRefusal | undefined;
}

/** Fields S3 never asks the policy to cover (its documentation's list), besides `x-ignore-*`. */
const UNCOVERED = new Set(['policy', 'x-amz-signature', 'file']);

const invalid = (message: string): PostRefusal => ({ status: 400, code: 'InvalidPolicyDocument', message: `Invalid Policy: ${message}` });
const denied = (message: string): PostRefusal => ({ status: 403, code: 'AccessDenied', message: `Invalid according to Policy: ${message}` });

type Condition =
  | { kind: 'eq' | 'starts-with'; field: string; value: string; source: unknown }
  | { kind: 'range'; min: number; max: number; source: unknown };

/**
 * Reads the base64 JSON policy of a POST form as S3 does: an `expiration` and `conditions`, each an
 * exact match (`{"field": "value"}` or `["eq", "$field", "value"]`), a prefix (`["starts-with",
 * "$field", "prefix"]`) or the file's size (`["content-length-range", min, max]`, both inclusive).
 * The signature is not checked; the signer is the access key id in the policy's x-amz-credential.
 */
export function parsePostPolicy(encoded: string): PostPolicy | PostRefusal {
  let policy: unknown;
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return invalid('Invalid JSON.');
  }
  const { expiration, conditions } = (policy ?? {}) as { expiration?: unknown; conditions?: unknown };
  const expires = typeof expiration === 'string' ? new Date(expiration) : undefined;
  if (!expires || Number.isNaN(expires.getTime())) return invalid("Invalid 'expiration' value.");
  if (!Array.isArray(conditions)) return invalid("Missing 'conditions'.");
  const parsed: Condition[] = [];
  for (const source of conditions) {
    if (Array.isArray(source)) {
      const [op, a, b] = source as unknown[];
      const kind = typeof op === 'string' ? op.toLowerCase() : '';
      if (kind === 'content-length-range' && Number.isInteger(a) && Number.isInteger(b)) parsed.push({ kind: 'range', min: a as number, max: b as number, source });
      else if ((kind === 'eq' || kind === 'starts-with') && typeof a === 'string' && a.startsWith('$') && typeof b === 'string')
        parsed.push({ kind, field: a.slice(1).toLowerCase(), value: b, source });
      else return invalid(`Invalid condition ${JSON.stringify(source)}.`);
    } else if (source && typeof source === 'object') {
      for (const [field, value] of Object.entries(source)) {
        if (typeof value !== 'string') return invalid(`Invalid condition ${JSON.stringify(source)}.`);
        parsed.push({ kind: 'eq', field: field.toLowerCase(), value, source });
      }
    } else return invalid(`Invalid condition ${JSON.stringify(source)}.`);
  }
  const credential = parsed.find((c) => c.kind !== 'range' && c.field === 'x-amz-credential');
  const principal = principalOfCredential(credential && credential.kind !== 'range' ? credential.value : undefined);
  if (!principal) return denied('Policy Condition failed: the policy names no x-amz-credential.');
  const covered = new Set(parsed.flatMap((c) => (c.kind === 'range' ? [] : [c.field])));
  return {
    principal,
    check(fields, bucket, size, now) {
      if (expires.getTime() <= now.getTime()) return denied('Policy expired.');
      // Every field the form sends must be named by a condition, or the form could add what the signer never saw.
      const extra = [...fields.keys()].filter((name) => !UNCOVERED.has(name) && !name.startsWith('x-ignore-') && !covered.has(name));
      if (extra.length) return denied(`Extra input fields: ${extra.join(', ')}`);
      for (const condition of parsed) {
        if (condition.kind === 'range') {
          if (size > condition.max) return { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size', details: { ProposedSize: String(size), MaxSizeAllowed: String(condition.max) } };
          if (size < condition.min) return { status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size', details: { ProposedSize: String(size), MinSizeAllowed: String(condition.min) } };
          continue;
        }
        // The bucket is the one posted to, whatever a form field says.
        const value = condition.field === 'bucket' ? bucket : (fields.get(condition.field) ?? '');
        const holds = condition.kind === 'eq' ? value === condition.value : value.startsWith(condition.value);
        if (!holds) return denied(`Policy Condition failed: ${JSON.stringify(condition.source)}`);
      }
      return undefined;
    },
  };
}
