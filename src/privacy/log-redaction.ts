import { redactPii } from './redact';

/** How deep {@link redactLogObject} walks nested objects; deeper values are left as they are. */
const MAX_DEPTH = 6;
/** Array elements examined per array; a log line never needs more. */
const MAX_ITEMS = 50;

/**
 * A copy of a log object with {@link redactPii} applied to every string inside it (nested objects, arrays,
 * error messages and stacks included), so a codice fiscale, IBAN, e-mail or phone number never reaches the
 * log even when a caller passes message text by mistake. Objects without strings that change are returned
 * as they are (no copy), which keeps the common case cheap.
 */
export function redactLogObject<T>(value: T): T {
  return walk(value, 0, new WeakMap()) as T;
}

function walk(value: unknown, depth: number, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactPii(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (seen.has(value)) return seen.get(value);
  seen.set(value, value); // a cycle back to this object keeps the original reference
  const result = redactObject(value, depth, seen);
  seen.set(value, result);
  return result;
}

function redactObject(value: object, depth: number, seen: WeakMap<object, unknown>): unknown {
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    const n = Math.min(value.length, MAX_ITEMS);
    for (let i = 0; i < n; i++) {
      const next = walk(value[i], depth + 1, seen);
      if (next !== value[i]) {
        copy ??= [...value];
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  // Only plain data objects: Buffers, Dates, sockets and the like are the serializers' business.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const next = walk(field, depth + 1, seen);
    if (next !== field) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

/** An error of the same class with its message, stack, cause and own fields redacted. */
function redactError(err: Error, depth: number, seen: WeakMap<object, unknown>): Error {
  const message = redactPii(err.message);
  const stack = err.stack === undefined ? undefined : redactPii(err.stack);
  const own = { ...err };
  const fields = walk(own, depth + 1, seen) as Record<string, unknown>;
  const cause = 'cause' in err ? walk(err.cause, depth + 1, seen) : undefined;
  if (message === err.message && stack === err.stack && fields === own && cause === err.cause) return err;
  const copy = Object.create(Object.getPrototypeOf(err)) as Error;
  Object.assign(copy, fields);
  Object.defineProperty(copy, 'message', {
    value: message,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, 'stack', {
    value: stack,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  if ('cause' in err)
    Object.defineProperty(copy, 'cause', {
      value: cause,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  if (copy.name !== err.name) copy.name = err.name;
  return copy;
}
