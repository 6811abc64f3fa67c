"use server";
// The public page's subscribe form. The reply is the same whether the address is new or
// already subscribed, so the form never reveals who is subscribed.
import { subscribe, SubscribeError } from "@/lib/subscribers/subscribe";
import { requestInfo } from "@/app/_lib/request";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type SubscribeState = { status: "idle" } | { status: "ok" } | { status: "error"; message: string; address: string };

export async function subscribeAction(_prev: SubscribeState, form: FormData): Promise<SubscribeState> {
  if (!isForm(form)) return { status: "error", message: UNREADABLE_FORM, address: "" };
  const address = String(form.get("address") ?? "");
  if (!address.trim()) return { status: "error", message: "Enter your email address.", address };
  if (address.length > 320) return { status: "error", message: "That email address is too long.", address };
  const { ip } = await requestInfo();
  try {
    await subscribe({ actor: { type: "public", ip }, input: { channel: "email", address, componentIds: [] } });
    return { status: "ok" };
  } catch (e) {
    if (e instanceof SubscribeError) return { status: "error", message: e.message, address };
    console.error("subscribe failed", e);
    return { status: "error", message: "Something went wrong. Please try again in a moment.", address };
  }
}
