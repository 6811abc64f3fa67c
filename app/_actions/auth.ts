"use server";
// Operator log in and log out. The session token lives only in an HttpOnly cookie.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { login, logout, SESSION_COOKIE } from "@/lib/auth/session";
import { requestInfo } from "@/app/_lib/request";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type LoginState = { error: string | null; email: string };

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  if (!isForm(form)) return { error: UNREADABLE_FORM, email: "" };
  const email = String(form.get("email") ?? "").slice(0, 320);
  const password = String(form.get("password") ?? "").slice(0, 1000);
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  const { ip, https, userAgent } = await requestInfo();
  const result = await login({ email, password, ip, userAgent });
  if (!result.ok) return { error: "Wrong email or password.", email };
  (await cookies()).set(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: https,
    path: "/",
    expires: result.expiresAt,
  });
  redirect("/admin");
}

export async function logoutAction(): Promise<void> {
  const jar = await cookies();
  await logout(jar.get(SESSION_COOKIE)?.value);
  const { https } = await requestInfo();
  jar.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge: 0 });
  redirect("/admin/login");
}
