/** Bundles scripts/worker.ts (once per process) and returns the bundle's path; see worker-bundle.mjs. */
export function workerEntry(root?: string): string;
