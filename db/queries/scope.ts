export { scopeSchema, type Scope } from "../../geo/scope";

/** Result rows of db.execute(): PGlite returns { rows }, postgres.js an array (docs/DEVELOPING.md, "Two drivers, one schema"). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
