/**
 * What an audit entry changed, readable: the JSON before and after flattened
 * to paths (`criteria.minAge`, `resources[cairn].name`) and compared. Lists of
 * resources are keyed by slug, directory entries by code and connections by
 * id, so an import reads as "added", "removed" and "changed" entries rather
 * than shifted positions.
 */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  path: string;
  kind: ChangeKind;
  /** JSON text of the value; undefined when absent on that side. */
  before?: string;
  after?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields that name an entry of a list, in the order they are tried. */
const KEYS = ['slug', 'code', 'id'] as const;

function keyedBy(value: unknown[], key: (typeof KEYS)[number]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of value) {
    const name = isPlainObject(item) ? item[key] : undefined;
    if (typeof name !== 'string' || map.has(name)) return undefined;
    map.set(name, item);
  }
  return map;
}

function keyed(value: unknown[]): Map<string, unknown> | undefined {
  for (const key of KEYS) {
    const map = keyedBy(value, key);
    if (map) return map;
  }
  return undefined;
}

/** Leaf path → JSON text. Arrays of plain values are one leaf ("vs, rbnj" reads better than [0], [1]). */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    const entries = value.length > 0 ? keyed(value) : undefined;
    if (entries) {
      for (const [name, item] of entries) flatten(item, `${prefix}[${name}]`, out);
      return out;
    }
    out.set(prefix || '$', JSON.stringify(value));
    return out;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(prefix || '$', '{}');
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  if (value !== undefined && value !== null) out.set(prefix || '$', JSON.stringify(value));
  return out;
}

/** The changed leaves, in the order they appear (after's order, then removed ones). */
export function diff(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (const [path, value] of b) {
    const old = a.get(path);
    if (old === undefined) changes.push({ path, kind: 'added', after: value });
    else if (old !== value) changes.push({ path, kind: 'changed', before: old, after: value });
  }
  for (const [path, value] of a) if (!b.has(path)) changes.push({ path, kind: 'removed', before: value });
  return changes;
}
