"use client";
// Shown when a page fails to render (for example, the database is unreachable).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-12">
      <div role="alert" className="rounded-lg border border-t-4 border-zinc-200 border-t-red-600 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-bold tracking-tight">Something went wrong</h1>
        <p className="mt-3 text-zinc-700 dark:text-zinc-300">The page could not be loaded. Please try again in a moment.</p>
        <button
          type="button"
          onClick={() => reset()}
          className="mt-6 rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500"
        >
          Try again
        </button>
      </div>
    </main>
  );
}
