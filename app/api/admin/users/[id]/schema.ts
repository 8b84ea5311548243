import { z } from "zod";
import { bindingSchema } from "@/app/_auth/binding";
import { nameSchema, passwordSchema } from "../schema";

/** PATCH /api/admin/users/<id>: any of a new name, a new binding, disabled on/off, a new password. */
export const updateUserBody = z
  .object({
    name: nameSchema.optional(),
    binding: bindingSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "give at least one of name, binding, disabled, password" });

export const userIdParam = z.string().uuid("is not an account id");

/** The path of PATCH /api/admin/users/<id>. */
export const userParams = z.object({ id: userIdParam });
