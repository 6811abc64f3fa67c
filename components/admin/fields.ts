// Shared classes for the dashboard's form controls.
export const INPUT =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-zinc-900 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:aria-[invalid=true]:border-red-500";
export const LABEL = "block text-sm font-medium";
export const FIELD_ERROR = "mt-1 text-sm font-medium text-red-700 dark:text-red-400";
