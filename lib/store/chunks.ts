/** Rows per INSERT: far below SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
export const CHUNK = 200;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
