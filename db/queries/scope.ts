export { scopeSchema, type Scope } from "../../geo/scope";

/** Result rows of db.execute(): PGlite returns { rows }, postgres.js an array . */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
