// Pieces the operator, account, invitation and password forms share: the refusal summary that links
// to each field, and a labelled input that shows its own error.
import type { InputHTMLAttributes, ReactNode } from "react";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
export { FieldErrorSummary as ErrorSummary } from "@/components/admin/ErrorSummary";

const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";


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
