// The signed-in operator for this request, from the session cookie. Every admin page and action calls
// requireOperator() itself (a layout alone is not a guard: it does not re-run on every navigation).
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { actorFromSession, SESSION_COOKIE } from "@/lib/auth/session";
import { requestInfo } from "@/app/_lib/request";

export const currentOperator = cache(async () => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const { ip } = await requestInfo();
  return actorFromSession(token, ip);
});

export async function requireOperator() {
  const actor = await currentOperator();
  if (!actor) redirect("/admin/login");
  return actor;
}
