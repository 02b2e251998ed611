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

/**
 * A change's path, split: the resource it belongs to in a document
 * (`resources[cairn].criteria.minAge` → "cairn") and the field within it
 * (`criteria.minAge`).
 */
export function readPath(path: string): { resource?: string; entry?: { kind: 'institution' | 'patronType'; code: string }; field: string } {
  const entry = /^directory\.(institutions|patronTypes)\[([^\]]+)\](?:\.(.+))?$/.exec(path);
  if (entry?.[2]) return { entry: { kind: entry[1] === 'institutions' ? 'institution' : 'patronType', code: entry[2] }, field: `directory.${entry[3] ?? '$'}` };
  const match = /^resources\[([^\]]+)\](?:\.(.+))?$/.exec(path);
  if (!match?.[1]) return { field: path };
  return { resource: match[1], field: match[2] ?? '$' };
}

/**
 * The message that names a field in words (a key of the `admin` messages),
 * per kind of entry; `of` is a second message whose words fill its `{name}`.
 * Undefined for a field no message names: the page shows the path.
 */
export interface FieldWords {
  key: string;
  of?: string;
}

const RESOURCE_FIELDS: Record<string, string> = {
  $: 'audit.fields.resource',
  resources: 'audit.fields.resources',
  slug: 'fields.slug',
  name: 'fields.name',
  url: 'fields.url',
  enabled: 'fields.enabled',
  deniedMessage: 'fields.deniedMessage',
  description: 'fields.description',
  'criteria.institutions': 'fields.institutions',
  'criteria.patronTypes': 'fields.patronTypes',
  'criteria.requireValidMembership': 'fields.requireValidMembership',
  'criteria.graceDays': 'fields.graceDays',
  'criteria.minAge': 'fields.minAge',
  'release.id': 'release.idLegend',
  'release.sector': 'release.sector',
  'release.attributes': 'release.attributesLegend',
  'upstream.connection': 'audit.fields.upstreamConnection',
  'upstream.allow': 'audit.fields.upstreamAllow',
  // A directory entry's fields (readPath: "directory.<field>"), and the directory's lists themselves.
  'directory.$': 'audit.fields.directoryEntry',
  'directory.code': 'directory.fields.code',
  'directory.names': 'directory.fields.names',
  'directory.renewUrl': 'directory.fields.renewUrl',
  'directory.contact': 'directory.fields.contact',
  'directory.institution': 'directory.fields.institution',
  directory: 'audit.fields.directory',
  'directory.institutions': 'audit.fields.directory',
  'directory.patronTypes': 'audit.fields.directory',
};

const STAFF_FIELDS: Record<string, string> = {
  userId: 'staff.userId',
  role: 'staff.role',
  institutions: 'staff.institutions',
};

/** Settings of a connection the form names (connections.fields.*), besides the provider's own ones. */
const CONNECTION_FIELDS: Record<string, string> = {
  provider: 'connections.provider',
  endpoints: 'connections.endpoints',
  secrets: 'connections.secrets',
};

export function fieldWords(action: string, field: string): FieldWords | undefined {
  if (action.startsWith('staff.')) return STAFF_FIELDS[field] ? { key: STAFF_FIELDS[field] } : undefined;
  if (action.startsWith('connection.')) {
    if (CONNECTION_FIELDS[field]) return { key: CONNECTION_FIELDS[field] };
    const secret = /^secrets\.(\w+)$/.exec(field)?.[1];
    if (secret) return { key: 'audit.fields.secret', of: `connections.fields.${secret}` };
    // The provider's settings and endpoints, as the connection form labels them.
    return /^(?:\w+|endpoints\.\w+)$/.test(field) ? { key: `connections.fields.${field}` } : undefined;
  }
  // A text in one language of several ("deniedMessage.fr") reads as the text's field.
  const text = /^(deniedMessage|description|directory\.names)\.[\w-]+$/.exec(field)?.[1] ?? field;
  return RESOURCE_FIELDS[text] ? { key: RESOURCE_FIELDS[text] } : undefined;
}
