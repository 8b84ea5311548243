import { getDb } from "@/db";
import { bindingProblems, EmailTakenError, insertAccount, getAccount, listAccounts } from "@/db/queries/accounts";
import { requireViewer } from "@/app/_auth/guard";
import { hashPassword } from "@/app/_auth/password";
import { parseBody, serverError } from "../../_lib/respond";
import { createUserBody } from "./schema";

export const dynamic = "force-dynamic";

/** The accounts (administrators only). */
export async function GET(request: Request) {
  const g = await requireViewer(request, ["administrator"]);
  if (!g.ok) return g.response;
  try {
    return Response.json({ users: await listAccounts({ db: await getDb() }) });
  } catch (err) {
    return serverError(err);
  }
}

/** Creates an account (administrators only): 201 with it; 400 naming a bad field or an unknown unit; 409 for a taken email. */
export async function POST(request: Request) {
  const g = await requireViewer(request, ["administrator"]);
  if (!g.ok) return g.response;
  const b = await parseBody(createUserBody, request);
  if (!b.ok) return b.response;
  try {
    const db = await getDb();
    const problems = await bindingProblems({ db, binding: b.data.binding });
    if (problems.length > 0) return Response.json({ error: "Invalid body", issues: problems.map((p) => ({ ...p, path: `binding.${p.path}` })) }, { status: 400 });
    const { id } = await insertAccount({ db, email: b.data.email, name: b.data.name, passwordHash: await hashPassword(b.data.password), binding: b.data.binding });
    return Response.json({ user: await getAccount({ db, id }) }, { status: 201 });
  } catch (err) {
    if (err instanceof EmailTakenError) return Response.json({ error: err.message, issues: [{ path: "email", message: "is taken" }] }, { status: 409 });
    return serverError(err);
  }
}
