// The public page's snapshot, read once per request however many parts of the page ask for it.
import { cache } from "react";
import { loadPageSnapshot } from "@/lib/page/snapshot";

export const getSnapshot = cache(() => loadPageSnapshot());
