import { getDb } from "@/db";
import { bindingProblems, countActiveAdministrators, getAccount, setAccountDisabled, setAccountPassword, updateAccount } from "@/db/queries/accounts";
import { requireViewer } from "@/app/_auth/guard";
import { hashPassword } from "@/app/_auth/password";
import { badRequest, notFound, parseBody, serverError } from "../../../_lib/respond";
import { updateUserBody, userIdParam } from "./schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/**
 * Changes an account (administrators only): name, binding (its sessions end), disabled (disabling
 * ends its sessions at once), password (a reset: its sessions end). 409 when the change would leave
 * no active administrator, or an administrator would disable themselves.
 */
export async function PATCH(request: Request, { params }: Params) {
  const g = await requireViewer(request, ["administrator"]);
  if (!g.ok) return g.response;
  const id = userIdParam.safeParse((await params).id);
  if (!id.success) return badRequest(id.error, "Invalid account id");
  const b = await parseBody(updateUserBody, request);
  if (!b.ok) return b.response;
  try {
    const db = await getDb();
    const account = await getAccount({ db, id: id.data });
    if (!account) return notFound(`No account ${id.data}`);
    const change = b.data;
    if (change.disabled === true && id.data === g.viewer.userId) {
      return Response.json({ error: "You cannot disable your own account", issues: [{ path: "disabled", message: "is your own account" }] }, { status: 409 });
    }
    const losesAdmin = account.role === "administrator" && !account.disabled && (change.disabled === true || (change.binding && change.binding.role !== "administrator"));
    if (losesAdmin && (await countActiveAdministrators({ db })) <= 1) {
      return Response.json({ error: "This is the last active administrator: create or re-enable another one first", issues: [] }, { status: 409 });
    }
    if (change.binding) {
      const problems = await bindingProblems({ db, binding: change.binding });
      if (problems.length > 0) return Response.json({ error: "Invalid body", issues: problems.map((p) => ({ ...p, path: `binding.${p.path}` })) }, { status: 400 });
    }
    if (change.name !== undefined || change.binding) await updateAccount({ db, id: id.data, name: change.name, binding: change.binding });
    if (change.disabled !== undefined) await setAccountDisabled({ db, id: id.data, disabled: change.disabled });
    if (change.password !== undefined) await setAccountPassword({ db, id: id.data, passwordHash: await hashPassword(change.password) });
    return Response.json({ user: await getAccount({ db, id: id.data }) });
  } catch (err) {
    return serverError(err);
  }
}
