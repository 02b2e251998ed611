/**
 * What an audit entry changed, readable: the JSON before and after flattened
 * to paths (`criteria.minAge`, `resources[cairn].name`) and compared. Lists of
 * resources are keyed by slug, so an import reads as "added", "removed" and
 * "changed" resources rather than shifted positions.
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

function keyedBySlug(value: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of value) {
    const slug = isPlainObject(item) ? item.slug : undefined;
    if (typeof slug !== 'string' || map.has(slug)) return undefined;
    map.set(slug, item);
  }
  return map;
}

/** Leaf path → JSON text. Arrays of plain values are one leaf ("vs, rbnj" reads better than [0], [1]). */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    const keyed = value.length > 0 ? keyedBySlug(value) : undefined;
    if (keyed) {
      for (const [slug, item] of keyed) flatten(item, `${prefix}[${slug}]`, out);
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
