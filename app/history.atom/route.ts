// /history.atom: the incident history as Atom (lib/feeds/history.ts).
// Headers and caching come from the public route table (lib/public/route-response.ts).
import { publicRouteHandlers } from "@/lib/public/route-response";

export const dynamic = "force-dynamic";
export const GET = publicRouteHandlers.GET;
export const HEAD = publicRouteHandlers.HEAD;
