import { bindingProblems, EmailTakenError, insertAccount, getAccount, listAccounts } from "@/db/queries/accounts";
import { hashPassword } from "@/app/_auth/password";
import { route } from "../../_lib/route";
import { createUserBody } from "./schema";

export const dynamic = "force-dynamic";

/** The accounts (administrators only: users.manage). */
export const GET = route({ action: "users.manage", scoped: false }, async ({ db }) => Response.json({ users: await listAccounts({ db }) }));

/** Creates an account (users.manage): 201 with it; 400 naming a bad field or an unknown unit; 409 for a taken email. */
export const POST = route({ action: "users.manage", body: createUserBody, scoped: false }, async ({ db, body, actor }) => {
  const problems = await bindingProblems({ db, binding: body.binding });
  if (problems.length > 0) return Response.json({ error: "Invalid body", issues: problems.map((p) => ({ ...p, path: `binding.${p.path}` })) }, { status: 400 });
  try {
    const { id } = await insertAccount({
      db,
      email: body.email,
      name: body.name,
      passwordHash: await hashPassword(body.password),
      binding: body.binding,
      actor,
    });
    return Response.json({ user: await getAccount({ db, id }) }, { status: 201 });
  } catch (err) {
    if (err instanceof EmailTakenError) return Response.json({ error: err.message, issues: [{ path: "email", message: "is taken" }] }, { status: 409 });
    throw err;
  }
});
