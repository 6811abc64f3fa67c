// /maintenance.ics: Upcoming and in-progress maintenance as iCalendar (lib/feeds/ical.ts).
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return publicDocumentResponse("/maintenance.ics");
}

export function HEAD(): Promise<Response> {
  return publicDocumentResponse("/maintenance.ics", true);
}
