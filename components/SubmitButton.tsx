"use client";
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** A submit button that is disabled (and says so) while its form's action runs. */
export function SubmitButton({ children, pendingText, className = "" }: { children: ReactNode; pendingText?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-blue-800 disabled:cursor-wait disabled:opacity-70 dark:bg-blue-600 dark:hover:bg-blue-500 ${className}`}
    >
      {pending && pendingText ? pendingText : children}
    </button>
  );
}
