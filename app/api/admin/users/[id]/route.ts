import { bindingProblems, countActiveAdministrators, getAccount, setAccountDisabled, setAccountPassword, updateAccount } from "@/db/queries/accounts";
import { hashPassword } from "@/app/_auth/password";
import { notFound } from "../../../_lib/respond";
import { route } from "../../../_lib/route";
import { updateUserBody, userParams } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Changes an account (users.manage): name, binding (its sessions end), disabled (disabling ends its
 * sessions at once), password (a reset: its sessions end). 409 when the change would leave no
 * active administrator, or an administrator would disable themselves.
 */
export const PATCH = route(
  { action: "users.manage", params: userParams, body: updateUserBody, scoped: false },
  async ({ db, viewer, params, body: change, actor }) => {
    const id = params.id;
    const account = await getAccount({ db, id });
    if (!account) return notFound(`No account ${id}`);
    if (change.disabled === true && id === viewer.userId) {
      return Response.json({ error: "You cannot disable your own account", issues: [{ path: "disabled", message: "is your own account" }] }, { status: 409 });
    }
    const losesAdmin =
      account.role === "administrator" && !account.disabled && (change.disabled === true || (change.binding && change.binding.role !== "administrator"));
    if (losesAdmin && (await countActiveAdministrators({ db })) <= 1) {
      return Response.json({ error: "This is the last active administrator: create or re-enable another one first", issues: [] }, { status: 409 });
    }
    if (change.binding) {
      const problems = await bindingProblems({ db, binding: change.binding });
      if (problems.length > 0)
        return Response.json({ error: "Invalid body", issues: problems.map((p) => ({ ...p, path: `binding.${p.path}` })) }, { status: 400 });
    }
    if (change.name !== undefined || change.binding) await updateAccount({ db, id, name: change.name, binding: change.binding, actor });
    if (change.disabled !== undefined) await setAccountDisabled({ db, id, disabled: change.disabled, actor });
    if (change.password !== undefined) await setAccountPassword({ db, id, passwordHash: await hashPassword(change.password), actor });
    return Response.json({ user: await getAccount({ db, id }) });
  },
);
