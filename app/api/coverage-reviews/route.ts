import { addCoverageReview, coverageReviewHistory } from "@/db/queries/telecom";
import { notFound } from "../_lib/respond";
import { forbidden, route } from "../_lib/route";
import { reviewBody, reviewsQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The coverage-review history of the scope (or of one hamlet), newest first. */
export const GET = route({ action: "telecom.read", query: reviewsQuery }, async ({ db, scope, query }) =>
  Response.json({ reviews: await coverageReviewHistory({ db, scope, hamletId: query.hamlet }) }),
);

/**
 * Appends a review: 201 with the stored row; 400 naming the bad field; 404 for a hamlet outside
 * the scope; 403 when a telecom coordinator reviews another operator's coverage.
 */
export const POST = route({ action: "coverage.review", body: reviewBody }, async ({ db, viewer, scope, body, actor }) => {
  const { unit: _unit, structure: _structure, ...review } = body;
  if (viewer.role === "telecom" && review.operator !== viewer.operator) {
    return forbidden(
      `Chỉ được xác nhận vùng phủ của nhà mạng mình (${viewer.operator}). / Forbidden: you may review only ${viewer.operator}'s coverage, not ${review.operator}'s.`,
    );
  }
  const stored = await addCoverageReview({ db, scope, review, actor });
  return stored
    ? Response.json({ review: stored }, { status: 201 })
    : notFound(`Không có thôn ${review.hamletId} trong phạm vi. / Hamlet ${review.hamletId} not found in the scope.`);
});
