"use server";
// Operator log in and log out, and the ways in without a session: "forgot password" (request a
// link, then use it) and accepting an invitation. The session token lives only in an HttpOnly cookie.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { login, logout, SESSION_COOKIE } from "@/lib/auth/session";
import { acceptInvitation } from "@/lib/operators/accept-invitation";
import { requestPasswordReset, RESET_REQUESTED } from "@/lib/operators/request-reset";
import { resetPassword } from "@/lib/operators/reset-password";
import { requestInfo } from "@/app/_lib/request";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";
import { confirmProblem, formProblem } from "@/app/_lib/operator-forms";

export type LoginState = { error: string | null; email: string };

async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const { https } = await requestInfo();
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: https, path: "/", expires: expiresAt });
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  if (!isForm(form)) return { error: UNREADABLE_FORM, email: "" };
  const email = String(form.get("email") ?? "").slice(0, 320);
  const password = String(form.get("password") ?? "").slice(0, 1000);
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  const { ip, userAgent } = await requestInfo();
  const result = await login({ email, password, ip, userAgent });
  if (!result.ok) return { error: "Wrong email or password.", email };
  await setSessionCookie(result.token, result.expiresAt);
  redirect("/admin");
}

export async function logoutAction(): Promise<void> {
  const jar = await cookies();
  await logout(jar.get(SESSION_COOKIE)?.value);
  const { https } = await requestInfo();
  jar.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge: 0 });
  redirect("/admin/login");
}

export type ForgotPasswordState = { done: string | null; error: string | null; email: string };

/** The same answer whether or not the address is an operator's; only a malformed address is refused. */
export async function forgotPasswordAction(_prev: ForgotPasswordState, form: FormData): Promise<ForgotPasswordState> {
  if (!isForm(form)) return { done: null, error: UNREADABLE_FORM, email: "" };
  const email = String(form.get("email") ?? "").slice(0, 1000);
  const { ip } = await requestInfo();
  try {
    await requestPasswordReset({ actor: { type: "public", ip }, input: { email } });
  } catch (e) {
    const problem = formProblem(e, ["email"], "");
    if (problem) return { done: null, error: problem.fieldErrors.email ?? problem.formError, email };
    throw e;
  }
  return { done: RESET_REQUESTED, error: null, email };
}

export type ResetPasswordState = { formError: string | null; fieldErrors: Partial<Record<"password" | "confirm", string>> };

export async function resetPasswordAction(_prev: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {} };
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  const mismatch = confirmProblem(password, String(form.get("confirm") ?? ""));
  if (mismatch) return { formError: null, fieldErrors: { confirm: mismatch } };
  const { ip } = await requestInfo();
  try {
    await resetPassword({ actor: { type: "public", ip }, input: { token, password } });
  } catch (e) {
    const problem = formProblem(e, ["password", "token"], "");
    if (problem) {
      const { token: dead, ...fieldErrors } = problem.fieldErrors;
      return { formError: dead ?? problem.formError, fieldErrors };
    }
    throw e;
  }
  // Every session ended with the old password, a browser's own cookie included.
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/admin/login?notice=password-reset");
}

export type AcceptInvitationState = {
  formError: string | null;
  fieldErrors: Partial<Record<"name" | "password" | "confirm", string>>;
  values: { name: string } | null;
};

export async function acceptInvitationAction(_prev: AcceptInvitationState, form: FormData): Promise<AcceptInvitationState> {
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const token = String(form.get("token") ?? "");
  const values = { name: String(form.get("name") ?? "").slice(0, 1000) };
  const password = String(form.get("password") ?? "");
  const mismatch = confirmProblem(password, String(form.get("confirm") ?? ""));
  if (mismatch) return { formError: null, fieldErrors: { confirm: mismatch }, values };
  const { ip, userAgent } = await requestInfo();
  let session: { token: string; expiresAt: Date };
  try {
    ({ session } = await acceptInvitation({ actor: { type: "public", ip }, input: { token, name: values.name, password, userAgent } }));
  } catch (e) {
    const problem = formProblem(e, ["name", "password", "token"], "");
    if (problem) {
      const { token: dead, ...fieldErrors } = problem.fieldErrors;
      return { formError: dead ?? problem.formError, fieldErrors, values };
    }
    throw e;
  }
  await setSessionCookie(session.token, session.expiresAt);
  redirect("/admin");
}
