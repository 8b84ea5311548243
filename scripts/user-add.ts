// npm run user:add -- --email a@b.vn --role planner --unit p-11 [--structure post2025] [--name "…"]
//                     --role telecom --operator viettel --provinces p-11,p-12
// Creates an account in DATABASE_URL or the embedded PGlite database. The password is read from the
// environment variable GAPMAP_PASSWORD when set, else asked for in the terminal (twice), else read
// from the first line of standard input — never from the command line (shell history, process list).
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { z } from "zod";
import { openDbFromEnv } from "../db/client";
import { bindingProblems, EmailTakenError, insertAccount } from "../db/queries/accounts";
import { bindingSchema, emailSchema } from "../app/_auth/binding";
import { hashPassword, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from "../app/_auth/password";

const USAGE = `usage: npm run user:add -- --email EMAIL --role administrator|planner|chief|telecom|viewer
         [--name NAME] [--unit p-11|d-101|c19-03205|c25-03127] [--structure pre2025|post2025]
         [--operator viettel|vnpt|mobifone] [--provinces p-11,p-12]
  password: GAPMAP_PASSWORD, or typed when asked (never an argument)`;

function fail(message: string, code = 2): never {
  console.error(`user:add: ${message}`);
  process.exit(code);
}

const argv = process.argv.slice(2);
if (argv.some((a) => /^--?(password|pass|pw|p)(=|$)/i.test(a))) {
  fail("a password is never given on the command line (it would stay in the shell history and the process list): set GAPMAP_PASSWORD, or type it when asked");
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: argv,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      unit: { type: "string" },
      structure: { type: "string" },
      operator: { type: "string" },
      provinces: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const flags = values as Record<string, string | undefined>;

const email = emailSchema.safeParse(flags.email ?? "");
if (!email.success) fail(`--email ${flags.email ?? "(missing)"}: ${email.error.issues[0]!.message}\n${USAGE}`);
const unit = flags.unit?.trim() || undefined;
// The structure follows from a district or commune id; a province needs it only to pick pre2025.
const structure = flags.structure ?? (unit ? (unit.startsWith("d-") || unit.startsWith("c19-") ? "pre2025" : "post2025") : undefined);
const binding = bindingSchema.safeParse({
  role: flags.role,
  unitId: unit ?? null,
  structure: structure ?? null,
  operator: flags.operator ?? null,
  provinces: flags.provinces
    ? flags.provinces
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)
    : [],
});
if (!binding.success) fail(`${binding.error.issues.map((i) => `--${flagOf(String(i.path[0] ?? "role"))}: ${i.message}`).join("\n")}\n${USAGE}`);

const password = process.env.GAPMAP_PASSWORD ?? (await readPassword());
const pw = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).safeParse(password);
if (!pw.success) fail(`the password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);

const o = await openDbFromEnv();
try {
  const problems = await bindingProblems({ db: o.db, binding: binding.data });
  if (problems.length > 0) fail(problems.map((p) => `--${flagOf(p.path)}: ${p.message}`).join("\n"));
  const name = flags.name?.trim() || email.data.split("@")[0]!;
  const { id } = await insertAccount({
    db: o.db,
    email: email.data,
    name,
    passwordHash: await hashPassword(pw.data),
    binding: binding.data,
    // The audit row names the terminal user who ran the command.
    actor: { userId: "cli", email: `cli:${userInfo().username}`, role: "cli", requestId: randomUUID(), address: null },
  });
  const b = binding.data;
  const scope = b.role === "telecom" ? `${b.operator} for ${b.provinces.join(", ")}` : b.unitId ? `${b.unitId} (${b.structure})` : "no data scope";
  console.log(`created ${b.role} ${email.data} (${name}), ${scope}, id ${id} — in the ${o.driver} database`);
} catch (err) {
  if (err instanceof EmailTakenError) fail(err.message, 1);
  throw err;
} finally {
  await o.close();
}

function flagOf(path: string): string {
  return ({ unitId: "unit" } as Record<string, string>)[path] ?? path;
}

/** Asks twice on a terminal (typing not echoed); reads one line from a pipe. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    fail("no password: set GAPMAP_PASSWORD or type it when asked");
  }
  const first = await ask("Password: ");
  const second = await ask("Password again: ");
  if (first !== second) fail("the two passwords differ");
  return first;
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput = (s: string) => {
      if (s.includes(prompt)) process.stdout.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}
