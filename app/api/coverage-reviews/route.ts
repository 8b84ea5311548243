import { getDb } from "@/db";
import { addCoverageReview, coverageReviewHistory } from "@/db/queries/telecom";
import { badRequest, parseQuery, notFound, serverError } from "../_lib/respond";
import { reviewBody, reviewsQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";
import { actorFrom } from "../_lib/actor";

export const dynamic = "force-dynamic";

/** The coverage-review history of the scope (or of one hamlet), newest first. */
export async function GET(request: Request) {
  const q = parseQuery(reviewsQuery, request);
  if (!q.ok) return q.response;
  try {
    const reviews = await coverageReviewHistory({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure), hamletId: q.data.hamlet });
    return Response.json({ reviews });
  } catch (err) {
    return serverError(err);
  }
}

/** Appends a review: 201 with the stored row; 400 naming the bad field; 404 for a hamlet outside the scope. */
export async function POST(request: Request) {
  const json: unknown = await request.json().catch(() => undefined);
  if (json === undefined) return Response.json({ error: "Invalid body", issues: [{ path: "(body)", message: "must be a JSON object" }] }, { status: 400 });
  const parsed = reviewBody.safeParse(json);
  if (!parsed.success) return badRequest(parsed.error, "Invalid review");
  const { unit, structure, reviewedBy, ...review } = parsed.data;
  try {
    const stored = await addCoverageReview({ db: await getDb(), scope: scopeOf(unit, structure), review, actor: actorFrom(request, reviewedBy) });
    return stored ? Response.json({ review: stored }, { status: 201 }) : notFound(`Hamlet ${review.hamletId} is not in ${unit} (${structure})`);
  } catch (err) {
    return serverError(err);
  }
}
