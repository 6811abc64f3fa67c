"use client";
// "Start from a template" on the new incident page: choosing one reloads the page with
// ?template=<id>, which fills the form with the template's words, components and channels.
// Without JavaScript the "Use template" button does the same.
import Form from "next/form";
import { useRef } from "react";
import { INPUT, LABEL } from "@/components/admin/fields";

export function TemplatePicker({ templates, chosen }: { templates: { id: string; name: string }[]; chosen: string | null }) {
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <Form ref={formRef} action="/admin/incidents/new" className="flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="min-w-60 flex-1">
        <label htmlFor="incident-template" className={LABEL}>
          Start from a template
        </label>
        <select id="incident-template" name="template" defaultValue={chosen ?? ""} onChange={() => formRef.current?.requestSubmit()} className={`mt-1 ${INPUT}`}>
          <option value="">Blank incident</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-zinc-300 bg-white px-4 py-2 font-medium text-zinc-900 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800">
        Use template
      </button>
    </Form>
  );
}
