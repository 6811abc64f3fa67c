"use server";
// The dashboard's settings form → updateSettings. Refusals come back next to their fields, with
// what was typed kept.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { describeZodError } from "@/lib/errors";
import { updateSettings } from "@/lib/settings/update";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type SettingsField = "name" | "url" | "timeZone" | "logoUrl" | "brandColor" | "supportUrl" | "xHandle" | "smsEvents" | "xEvents" | "emailSenderName";

const SETTINGS_FIELDS: readonly SettingsField[] = [
  "name",
  "url",
  "timeZone",
  "logoUrl",
  "brandColor",
  "supportUrl",
  "xHandle",
  "smsEvents",
  "xEvents",
  "emailSenderName",
];

export type SettingsFormValues = {
  name: string;
  url: string;
  timeZone: string;
  logoUrl: string;
  brandColor: string;
  supportUrl: string;
  xHandle: string;
  smsEvents: string[];
  xEvents: string[];
  emailSenderName: string;
};

export type SettingsFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<SettingsField, string>>;
  values: SettingsFormValues | null;
};

export async function saveSettingsAction(_prev: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  const values: SettingsFormValues = {
    name: text("name"),
    url: text("url"),
    timeZone: text("timeZone"),
    logoUrl: text("logoUrl"),
    brandColor: text("brandColor"),
    supportUrl: text("supportUrl"),
    xHandle: text("xHandle"),
    smsEvents: list("smsEvents"),
    xEvents: list("xEvents"),
    emailSenderName: text("emailSenderName"),
  };
  try {
    await updateSettings({ actor, input: values });
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: Partial<Record<SettingsField, string>> = {};
      const rest: typeof e.issues = [];
      for (const issue of e.issues) {
        const field = issue.path[0] as SettingsField;
        if (SETTINGS_FIELDS.includes(field)) fieldErrors[field] ??= issue.message;
        else rest.push(issue);
      }
      return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors, values };
    }
    if (e instanceof PermissionError) return { formError: "Your account is not allowed to change the page's settings.", fieldErrors: {}, values };
    throw e;
  }
  redirect("/admin/settings?notice=settings-saved");
}
