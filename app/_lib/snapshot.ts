// The public pages read the cached public snapshot (lib/public/cache.ts), never the database.
// React's cache() pins one snapshot per request, so metadata and page agree even if a rebuild
// lands in between.
import { cache } from "react";
import { getPublicSnapshot } from "@/lib/public/cache";

export const getSnapshot = cache(() => getPublicSnapshot());
