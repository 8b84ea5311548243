import { parseQuery, serverError } from "../../_lib/respond";
import { guardUnproxied } from "@/app/_auth/guard"; // auth: proxy.ts does not see this route
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLarge } from "../_lib/uploads";
import { uploadQuery } from "./schema";

export const dynamic = "force-dynamic";

function tooLarge() {
  const mb = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
  return Response.json({ error: `File too large: at most ${mb} MB`, code: "tooLarge", params: { max: mb }, issues: [{ path: "(body)", message: `larger than ${mb} MB` }] }, { status: 413 });
}

/**
 * Receives a file (the raw body), streams it to disk while hashing it, and answers its upload id.
 * A declared size over the limit is refused before reading a byte; an undeclared one is cut off as
 * soon as it passes the limit.
 */
export async function POST(request: Request) {
  // auth: the session and origin check proxy.ts makes for the other routes (it must not buffer this body).
  const guard = await guardUnproxied(request);
  if (!guard.ok) return guard.response;
  const q = parseQuery(uploadQuery, request);
  if (!q.ok) return q.response;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) return tooLarge();
  if (!request.body) return Response.json({ error: "Empty body", code: "emptyFile", params: {}, issues: [{ path: "(body)", message: "no file" }] }, { status: 400 });
  try {
    const u = await saveUpload(request.body, q.data.name);
    return Response.json({ uploadId: u.id, fileName: u.fileName, size: u.size, sha256: u.sha256 });
  } catch (err) {
    if (err instanceof UploadTooLarge) return tooLarge();
    return serverError(err);
  }
}
