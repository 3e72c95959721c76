// What plain JavaScript values cannot say about the Python objects they stand for
// (API.md rule 14): which arrays are tuples, which objects are OrderedDicts, which
// integral numbers were Python floats. Kept in weak side tables so the values stay
// plain (toEqual, JSON, spreading all behave as usual) and nothing leaks.

const TUPLES = new WeakSet<object>();
const ORDERED = new WeakSet<object>();
const FLOAT_KEYS = new WeakMap<object, Set<unknown>>();

/** Python's `tuple(items)`: an array that torch.save writes as a tuple. */
export function tuple<T>(...items: T[]): T[] {
  const a = items.slice();
  TUPLES.add(a);
  return a;
}

/** Marks an existing array as a tuple (returns it). */
export function as_tuple<T extends unknown[]>(a: T): T {
  TUPLES.add(a);
  return a;
}

export function is_tuple(a: unknown): boolean {
  return typeof a === "object" && a !== null && TUPLES.has(a);
}

/**
 * `collections.OrderedDict(entries)`: a plain object that torch.save writes as an
 * OrderedDict. Objects with a `_metadata` property (module state_dicts) are written
 * as OrderedDicts anyway.
 */
export function OrderedDict<V = unknown>(entries?: Record<string, V> | Iterable<[string, V]>): Record<string, V> {
  const o: Record<string, V> = {};
  if (entries) {
    const it = Symbol.iterator in Object(entries) ? (entries as Iterable<[string, V]>) : Object.entries(entries);
    for (const [k, v] of it) defineKey(o, k, v);
  }
  ORDERED.add(o);
  return o;
}

/** Marks an existing object as an OrderedDict (returns it). */
export function as_ordered<T extends object>(o: T): T {
  ORDERED.add(o);
  return o;
}

export function is_ordered(o: unknown): boolean {
  return typeof o === "object" && o !== null && ORDERED.has(o);
}

/**
 * Marks `container[key]` as a Python float although its value is integral
 * (`lr: 1.0`); torch.load does this for every such value it reads.
 */
export function mark_float(container: object, ...keys: unknown[]): void {
  let s = FLOAT_KEYS.get(container);
  if (!s) FLOAT_KEYS.set(container, (s = new Set()));
  for (const k of keys) s.add(k);
}

/** Whether `container[key]` was marked as a Python float. */
export function is_float(container: object, key: unknown): boolean {
  return FLOAT_KEYS.get(container)?.has(key) ?? false;
}

/** Copies the tuple / OrderedDict / float marks of `from` onto `to`. */
export function copy_marks(from: object, to: object): void {
  if (TUPLES.has(from)) TUPLES.add(to);
  if (ORDERED.has(from)) ORDERED.add(to);
  const f = FLOAT_KEYS.get(from);
  if (f) FLOAT_KEYS.set(to, new Set(f));
}

/** Sets an own enumerable property, even one named `__proto__` (no prototype pollution). */
export function defineKey(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
