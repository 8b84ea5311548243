import { z } from "zod";
import { bindingSchema, emailSchema } from "@/app/_auth/binding";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/app/_auth/password";
import { text } from "@/geo/fields";

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must have at most ${MAX_PASSWORD_LENGTH} characters`);

/** A person's name: one line of text (no control characters: a NUL would fail the database's insert), NFC, trimmed, 1–200 characters. */
export const nameSchema = text({ min: 1, max: 200 });

/** POST /api/admin/users: a new account with its initial password and binding (role + unit or operator/provinces). */
export const createUserBody = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  binding: bindingSchema,
});
