// /api/v2/[...path]: Statuspage public API v2 (lib/statuspage/v2.ts); unknown /api/v2 paths answer a JSON 404.
// Headers and caching come from the public route table (lib/public/route-response.ts).
import { publicRouteHandlers } from "@/lib/public/route-response";

export const dynamic = "force-dynamic";
export const GET = publicRouteHandlers.GET;
export const HEAD = publicRouteHandlers.HEAD;
