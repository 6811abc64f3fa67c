"use client";
// Pieces the component and group forms share: the refusal summary that links to each field,
// labelled fields that show their own error, and the buttons of a destructive confirmation.
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
export { FieldErrorSummary as ErrorSummary } from "@/components/admin/ErrorSummary";

export const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";


function described(id: string, error?: string, help?: ReactNode): string | undefined {
  return [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
}

function Help({ id, help, error }: { id: string; help?: ReactNode; error?: string }) {
  return (
    <>
      {help ? (
        <p id={`${id}-help`} className={HELP}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({ id, name, label, defaultValue, error, help, maxLength, type = "text", required }: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  help?: ReactNode;
  maxLength?: number;
  type?: "text" | "date";
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, help)}
        className={`mt-1 ${INPUT}`}
      />
      <Help id={id} help={help} error={error} />
    </div>
  );
}

export function TextArea({ id, name, label, defaultValue, error, help, maxLength }: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  help?: ReactNode;
  maxLength?: number;
}) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={2}
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, help)}
        className={`mt-1 ${INPUT}`}
      />
      <Help id={id} help={help} error={error} />
    </div>
  );
}

export function Checkbox({ id, name, label, defaultChecked, help }: { id: string; name: string; label: string; defaultChecked: boolean; help?: ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={help ? `${id}-help` : undefined} className="mt-1 size-4" />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {help ? (
          <p id={`${id}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
            {help}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The button that carries out a deletion: red, and disabled while it runs (no double post). */
export function DangerSubmit({ children, pendingText }: { children: ReactNode; pendingText: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-wait disabled:opacity-70 dark:bg-red-600 dark:hover:bg-red-500"
    >
      {pending ? pendingText : children}
    </button>
  );
}

/** A <summary> styled as a small secondary button, for the steps that reveal a form. */
export const SUMMARY_BUTTON =
  "inline-flex cursor-pointer list-none items-center rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden";
