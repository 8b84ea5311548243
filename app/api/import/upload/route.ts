import { serverError } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLarge } from "../_lib/uploads";
import { uploadQuery } from "./schema";

export const dynamic = "force-dynamic";

function tooLarge() {
  const mb = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
  return Response.json(
    { error: `File too large: at most ${mb} MB`, code: "tooLarge", params: { max: mb }, issues: [{ path: "(body)", message: `larger than ${mb} MB` }] },
    { status: 413 },
  );
}

/**
 * Receives a file (the raw body), streams it to disk while hashing it, and answers its upload id
 * (only its uploader may analyse or commit it). A declared size over the limit is refused before
 * reading a byte; an undeclared one is cut off as soon as it passes the limit. proxy.ts does not
 * see this route (it must not buffer the body): `unproxied` makes its origin check here.
 */
export const POST = route({ action: "import.write", query: uploadQuery, scoped: false, unproxied: true }, async ({ request, db, viewer, query }) => {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) return tooLarge();
  if (!request.body)
    return Response.json({ error: "Empty body", code: "emptyFile", params: {}, issues: [{ path: "(body)", message: "no file" }] }, { status: 400 });
  try {
    const u = await saveUpload(db, request.body, query.name, { owner: viewer.userId });
    return Response.json({ uploadId: u.id, fileName: u.fileName, size: u.size, sha256: u.sha256 });
  } catch (err) {
    if (err instanceof UploadTooLarge) return tooLarge();
    return serverError(err);
  }
});
