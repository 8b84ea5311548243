import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { PRIORITY_FACTORS, PRIORITY_PRESETS, PRIORITY_PRESET_NAMES, type PriorityPreset, type PriorityWeights } from "@/geo/priority-score";

/**
 * URL parameters shared by the priorities and telecom screens and their exports:
 * ?unit=d-101&structure=pre2025&date=2023-11-06[&preset=mobileTeams | &w=remaining:4,distance:3,…]
 */
export const SCOPE_DEFAULTS = { unit: "p-11", structure: "post2025" } as const;

export const scopeParams = z.object({
  unit: scopeSchema.shape.unitId.default(SCOPE_DEFAULTS.unit),
  structure: scopeSchema.shape.structure.default(SCOPE_DEFAULTS.structure),
  date: z.iso.date({ message: "must be a date YYYY-MM-DD" }).optional(),
});

/** Weights slider range (whole numbers); a negative weight counts the factor's absence. */
export const WEIGHT_RANGE = { min: -5, max: 5, step: 1 } as const;

const factorWeight = z
  .string()
  .regex(
    new RegExp(`^(${PRIORITY_FACTORS.join("|")}):-?\\d+(\\.\\d+)?$`),
    `each weight must be factor:number with a factor among ${PRIORITY_FACTORS.join(", ")}`,
  );

/** "remaining:4,distance:3" → weights (factors not named are 0). */
export const weightsParam = z
  .string()
  .max(400)
  .transform((s, ctx) => {
    const out = Object.fromEntries(PRIORITY_FACTORS.map((f) => [f, 0])) as PriorityWeights;
    for (const part of s.split(",").filter(Boolean)) {
      const ok = factorWeight.safeParse(part);
      if (!ok.success) {
        ctx.addIssue({ code: "custom", message: `${ok.error.issues[0]!.message}, got "${part}"` });
        return z.NEVER;
      }
      const [f, v] = part.split(":") as [keyof PriorityWeights, string];
      const n = Number(v);
      if (n < WEIGHT_RANGE.min || n > WEIGHT_RANGE.max) {
        ctx.addIssue({ code: "custom", message: `weight ${f} must be between ${WEIGHT_RANGE.min} and ${WEIGHT_RANGE.max}, got ${v}` });
        return z.NEVER;
      }
      out[f] = n;
    }
    return out;
  });

export const weightParams = z.object({
  preset: z.enum(PRIORITY_PRESET_NAMES as [PriorityPreset, ...PriorityPreset[]]).optional(),
  w: weightsParam.optional(),
});

export const DEFAULT_PRESET: PriorityPreset = "mobileTeams";

/** The weights a request asks for: explicit `w` first, else the preset, else the default preset. */
export function weightsFrom(p: { preset?: PriorityPreset; w?: PriorityWeights }): { weights: PriorityWeights; preset: PriorityPreset | null } {
  if (p.w) return { weights: p.w, preset: presetOf(p.w) };
  const preset = p.preset ?? DEFAULT_PRESET;
  return { weights: { ...PRIORITY_PRESETS[preset] }, preset };
}

/** The preset these weights are exactly, or null (custom). */
export function presetOf(w: PriorityWeights): PriorityPreset | null {
  return PRIORITY_PRESET_NAMES.find((p) => PRIORITY_FACTORS.every((f) => PRIORITY_PRESETS[p][f] === w[f])) ?? null;
}

/** Weights → the `w` URL parameter. */
export function weightsToParam(w: PriorityWeights): string {
  // All weights 0 still needs a non-empty parameter, else the default preset would apply.
  return (
    PRIORITY_FACTORS.filter((f) => w[f] !== 0)
      .map((f) => `${f}:${w[f]}`)
      .join(",") || "remaining:0"
  );
}

/** First value of a search parameter (Next.js gives string | string[] | undefined). */
export function firstParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const x = Array.isArray(v) ? v[0] : v;
    if (x !== undefined && x !== "") out[k] = x;
  }
  return out;
}
