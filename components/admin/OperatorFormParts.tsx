// Pieces the operator, account, invitation and password forms share: the refusal summary that links
// to each field, and a labelled input that shows its own error.
import type { InputHTMLAttributes, ReactNode } from "react";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";

export function ErrorSummary({ title, formError, fieldErrors, anchors }: {
  title: string;
  formError: string | null;
  fieldErrors: Partial<Record<string, string>>;
  anchors: Record<string, string>;
}) {
  const problems = Object.entries(fieldErrors).filter((e): e is [string, string] => typeof e[1] === "string");
  if (!formError && problems.length === 0) return null;
  return (
    <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
      <p className="font-medium">{formError ?? title}</p>
      {problems.length ? (
        <ul className="mt-1 list-disc pl-5">
          {problems.map(([field, message]) => (
            <li key={field}>
              <a href={`#${anchors[field] ?? field}`} className="underline">
                {message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Field({ id, label, error, help, ...input }: {
  id: string;
  label: ReactNode;
  error?: string;
  help?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const described = [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className={`mt-1 ${INPUT}`}
        {...input}
      />
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
    </div>
  );
}
