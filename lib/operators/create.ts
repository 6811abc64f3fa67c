// Create an operator account. Without a password, one is generated and returned once.
import { z } from "zod";
import { NewPassword } from "@/lib/operators/rules";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { OPERATOR_ROLES } from "@/lib/vocabulary";

export const CreateOperatorInput = z.object({
  email: z.email("Enter a valid email address").transform((e) => e.toLowerCase()),
  password: NewPassword.optional(),
  role: z.enum(OPERATOR_ROLES).default("admin"),
  name: z.string().trim().max(100).optional(),
});

export async function createOperator({ actor, input }: { actor: Actor; input: z.input<typeof CreateOperatorInput> }) {
  requirePermission(actor, "operator.write");
  const data = CreateOperatorInput.parse(input);
  const password = data.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    if (await tx.operator.findUnique({ where: { email: data.email } })) {
      throw new ConflictError(`An operator with the email ${data.email} already exists`);
    }
    const operator = await tx.operator.create({ data: { email: data.email, passwordHash, role: data.role, name: data.name } });
    await recordChange(tx, actor, "operator.create", { type: "operator", id: operator.id }, null, { email: data.email, role: data.role, name: data.name ?? null });
    return { operator, password, generated: data.password === undefined };
  });
}
