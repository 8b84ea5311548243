import "server-only";
import type { ImportRequest } from "@/db/ingest/types";
import type { ImportBody } from "../schema";
import type { Upload } from "./uploads";

/** Today in Vietnam (YYYY-MM-DD), for "date in the future". */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function toImportRequest(body: ImportBody, upload: Upload): ImportRequest {
  return {
    kind: body.kind, filePath: upload.path, fileName: upload.fileName, sha256: upload.sha256,
    scope: { unitId: body.unit, structure: body.structure }, importedBy: body.importedBy, today: todayInVietnam(),
    mapping: body.mapping, asOf: body.asOf, communeId: body.communeId, resolutions: body.resolutions, decisions: body.decisions,
    skipInvalid: body.skipInvalid, acceptFlags: body.acceptFlags, coverage: body.coverage,
  };
}
