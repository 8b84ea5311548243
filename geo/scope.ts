import { z } from "zod";

/**
 * The viewer's scope: an admin-unit subtree in one structure. Every query takes one, so access
 * control can restrict it without rewriting queries. Unit ids: p-11 (province), d-101 (pre-2025
 * district), c19-03205 / c25-03127 (commune in the 2019 or 2025 catalogue), h-03211-01 (hamlet).
 */
export const scopeSchema = z.object({
  unitId: z.string().regex(/^(p|d|c19|c25|h)-[0-9]{2,5}(-[0-9]{2,3})?$/, "is not a unit id such as p-11, d-101, c19-03205, c25-03127 or h-03211-01"),
  structure: z.enum(["pre2025", "post2025"]),
});
export type Scope = z.infer<typeof scopeSchema>;
