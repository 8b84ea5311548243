import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** The roles, in the order the admin screen lists them. */
export const ROLES = ["administrator", "planner", "chief", "telecom", "viewer"] as const;
export const OPERATORS = ["viettel", "vnpt", "mobifone"] as const;
export const STRUCTURES = ["pre2025", "post2025"] as const;
/** Roles bound to one unit (province, district or commune) in one structure. */
export const UNIT_ROLES = ["planner", "chief", "viewer"] as const;

const provinceId = z.string().regex(/^p-[0-9]{2}$/, "is not a province id such as p-11");

/**
 * What an account is allowed to look at, by role (the database's users_role_binding CHECK says the same):
 * - planner, chief, viewer: a unit (p-11, d-101, c19-03205, c25-03127) and its structure;
 * - telecom: an operator and one or more provinces;
 * - administrator: optionally a unit (none = no data scope), no operator.
 * Unknown units are refused by db/queries/accounts.ts bindingProblems (this schema checks the form).
 */
export const bindingSchema = z
  .object({
    role: z.enum(ROLES),
    unitId: scopeSchema.shape.unitId.nullish(),
    structure: z.enum(STRUCTURES).nullish(),
    operator: z.enum(OPERATORS).nullish(),
    provinces: z.array(provinceId).max(63).nullish(),
  })
  .superRefine((b, ctx) => {
    const provinces = b.provinces ?? [];
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (b.role === "telecom") {
      if (!b.operator) need("operator", "a telecom account needs an operator (viettel, vnpt or mobifone)");
      if (provinces.length === 0) need("provinces", "a telecom account needs one or more provinces (p-11,p-12)");
      if (b.unitId) need("unitId", "a telecom account is bound to provinces, not to a unit");
      if (b.structure) need("structure", "a telecom account has no structure");
      return;
    }
    if (b.operator) need("operator", `a ${b.role} account has no operator`);
    if (provinces.length > 0) need("provinces", `a ${b.role} account has no provinces (that is for telecom)`);
    if (b.role !== "administrator" && !b.unitId) need("unitId", `a ${b.role} account needs a unit (p-11, d-101, c25-03127 …)`);
    if (b.unitId && !b.structure) need("structure", "a unit needs its structure (pre2025 or post2025)");
    if (!b.unitId && b.structure) need("unitId", "a structure was given without a unit");
    if (b.unitId?.startsWith("d-") && b.structure === "post2025") need("structure", "districts exist only in the pre2025 structure");
  })
  .transform((b) => ({
    role: b.role,
    unitId: b.unitId ?? null,
    structure: b.structure ?? null,
    operator: b.operator ?? null,
    provinces: [...new Set(b.provinces ?? [])].sort(),
  }));

export type Binding = z.output<typeof bindingSchema>;
export type BindingInput = z.input<typeof bindingSchema>;

/** An email as stored: trimmed, lower-case. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("is not an email address").max(254));

/** Operators are proper names: the same in both languages. */
export const OPERATOR_NAMES: Record<(typeof OPERATORS)[number], string> = { viettel: "Viettel", vnpt: "VNPT", mobifone: "MobiFone" };
