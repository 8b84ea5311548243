import { z } from "zod";

/**
 * The viewer's scope: an admin-unit subtree in one structure. Every query takes one, so access
 * control can later restrict it without rewriting queries.
 */
export const scopeSchema = z.object({
  unitId: z.string().regex(/^(p|d|c19|c25|h)-[0-9]{2,5}(-[0-9]{2,3})?$/, "is not a unit id such as p-11, d-101, c19-03205, c25-03127 or h-03211-01"),
  structure: z.enum(["pre2025", "post2025"]),
});
export type Scope = z.infer<typeof scopeSchema>;

/** Result rows of db.execute(): PGlite returns { rows }, postgres.js an array (docs/DEVELOPING.md, "Two drivers, one schema"). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
