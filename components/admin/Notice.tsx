// The confirmation at the top of a dashboard page after a change ("Incident posted"). Pages choose
// its text from a fixed list by a key in the address: the address never puts its own words here.
export function Notice({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p role="status" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
      {text}
    </p>
  );
}
