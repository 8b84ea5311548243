import { z } from "zod";
import { bindingSchema, emailSchema } from "@/app/_auth/binding";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/app/_auth/password";

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must have at most ${MAX_PASSWORD_LENGTH} characters`);

export const nameSchema = z.string().trim().min(1, "is empty").max(200, "is longer than 200 characters");

/** POST /api/admin/users: a new account with its initial password and binding (role + unit or operator/provinces). */
export const createUserBody = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  binding: bindingSchema,
});
