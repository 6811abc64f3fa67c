"use server";
// The unsubscribe page's button (a GET never unsubscribes: mail scanners prefetch links).
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { requestInfo } from "@/app/_lib/request";
import { isForm } from "@/app/_lib/form";

export type UnsubscribeState = { status: "idle" } | { status: "done"; address: string } | { status: "invalid" };

export async function unsubscribeAction(_prev: UnsubscribeState, form: FormData): Promise<UnsubscribeState> {
  if (!isForm(form)) return { status: "invalid" };
  const token = String(form.get("token") ?? "");
  const { ip } = await requestInfo();
  const result = await unsubscribe({ actor: { type: "public", ip }, input: { token } });
  return result.ok ? { status: "done", address: result.address } : { status: "invalid" };
}
