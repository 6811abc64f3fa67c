"use server";
// The demo banner's confirmed "Remove the demo content" → removeDemo, then the settings page, where
// a new page is named.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { PermissionError } from "@/lib/auth/actor";
import { removeDemo } from "@/lib/demo/remove";
import { ConflictError } from "@/lib/errors";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type DemoRemoveState = { formError: string | null };

export async function removeDemoAction(_prev: DemoRemoveState, form: FormData): Promise<DemoRemoveState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM };
  // The second step's button sends this: a request without it was not confirmed.
  if (form.get("confirm") !== "remove-demo") return { formError: "Confirm with “Remove the demo content” to remove it." };
  try {
    await removeDemo({ actor });
  } catch (e) {
    if (e instanceof ConflictError) return { formError: e.message };
    if (e instanceof PermissionError) return { formError: "Your account is not allowed to remove the demo content: ask an owner or admin." };
    throw e;
  }
  // Every dashboard page drops its banner (the layout is rendered again).
  revalidatePath("/admin", "layout");
  redirect("/admin/settings?notice=demo-removed");
}
