"use server";
// The operators page (owner only: invite, resend, disable, enable) and the account page (anyone:
// change own password, log out everywhere) → the use cases in lib/operators/.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { changePassword } from "@/lib/operators/change-password";
import { disableOperator } from "@/lib/operators/disable";
import { enableOperator } from "@/lib/operators/enable";
import { inviteOperator, type InviteOperatorInput } from "@/lib/operators/invite";
import { logoutEverywhere } from "@/lib/operators/logout-everywhere";
import { resendInvitation } from "@/lib/operators/resend-invitation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";
import { confirmProblem, formProblem } from "@/app/_lib/operator-forms";
import { requestInfo } from "@/app/_lib/request";

const OWNER_ONLY = "Only the owner manages operators.";

export type InviteFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"email" | "role", string>>;
  values: { email: string; role: string } | null;
};

export async function inviteOperatorAction(_prev: InviteFormState, form: FormData): Promise<InviteFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = { email: String(form.get("email") ?? "").slice(0, 1000), role: String(form.get("role") ?? "") };
  try {
    // The role is checked by the use case's schema.
    await inviteOperator({ actor, input: { email: values.email, role: values.role as InviteOperatorInput["role"] } });
  } catch (e) {
    const problem = formProblem(e, ["email", "role"], OWNER_ONLY);
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect("/admin/operators?notice=invited");
}

/** A row's buttons on the operators page (resend, disable, enable): one message when refused. */
export type OperatorRowState = { error: string | null };

const ROW_ACTIONS = {
  resend: { run: resendInvitation, notice: "invitation-resent" },
  disable: { run: disableOperator, notice: "disabled" },
  enable: { run: enableOperator, notice: "enabled" },
} as const;

export async function operatorRowAction(_prev: OperatorRowState, form: FormData): Promise<OperatorRowState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM };
  const operatorId = String(form.get("operatorId") ?? "");
  const which = String(form.get("do") ?? "");
  const action = Object.hasOwn(ROW_ACTIONS, which) ? ROW_ACTIONS[which as keyof typeof ROW_ACTIONS] : undefined;
  if (!action) return { error: UNREADABLE_FORM };
  try {
    await action.run({ actor, input: { operatorId } });
  } catch (e) {
    const problem = formProblem(e, [], OWNER_ONLY);
    if (problem) return { error: problem.formError ?? "The operator could not be changed." };
    throw e;
  }
  redirect(`/admin/operators?notice=${action.notice}`);
}

export type PasswordFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"currentPassword" | "newPassword" | "confirm", string>>;
};

/** Passwords are never sent back to the browser: a refused form comes back with its fields empty. */
export async function changePasswordAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {} };
  const currentPassword = String(form.get("currentPassword") ?? "");
  const newPassword = String(form.get("newPassword") ?? "");
  const mismatch = confirmProblem(newPassword, String(form.get("confirm") ?? ""));
  if (mismatch) return { formError: null, fieldErrors: { confirm: mismatch } };
  const keepSession = (await cookies()).get(SESSION_COOKIE)?.value;
  try {
    await changePassword({ actor, input: { currentPassword, newPassword, keepSession } });
  } catch (e) {
    const problem = formProblem(e, ["currentPassword", "newPassword"], "Your account cannot change its password.");
    if (problem) return problem;
    throw e;
  }
  redirect("/admin/account?notice=password-changed");
}

export async function logoutEverywhereAction(): Promise<void> {
  const actor = await requireOperator();
  await logoutEverywhere({ actor });
  const { https } = await requestInfo();
  (await cookies()).set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge: 0 });
  redirect("/admin/login?notice=logged-out-everywhere");
}
