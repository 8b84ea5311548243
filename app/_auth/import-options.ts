import { IMPORT_KINDS, type ImportKind } from "@/db/ingest/types";
import { COVERAGE_KINDS, OPERATOR_COVERAGE_KINDS, OPERATORS } from "@/geo/domain";
import { TELECOM_IMPORT_KINDS } from "./policy";
import type { Viewer } from "./viewer";

/**
 * What the import page offers a viewer: a telecom coordinator only coverage layers with an
 * operator (not the grid), of their own operator — the same rule the import routes enforce
 * (app/api/import/_lib/request.ts refuses anything else with 403); everyone else every kind.
 *
 * @example
 * importOptionsFor({ role: "telecom", operator: "viettel" }) // { kinds: ["coverage"], coverageKinds: ["2g", …], operators: ["viettel"] }
 */
export function importOptionsFor(viewer: Pick<Viewer, "role" | "operator">): {
  kinds: readonly ImportKind[];
  coverageKinds: readonly string[];
  operators: readonly string[];
} {
  if (viewer.role === "telecom") {
    return { kinds: TELECOM_IMPORT_KINDS, coverageKinds: OPERATOR_COVERAGE_KINDS, operators: viewer.operator ? [viewer.operator] : [] };
  }
  return { kinds: IMPORT_KINDS, coverageKinds: COVERAGE_KINDS, operators: OPERATORS };
}
