"use client";
import type { ReactNode } from "react";
import { PageZoneContext } from "@/components/time-zone-store";

/** Gives every <Time> below it the page's own time zone. */
export function TimeZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <PageZoneContext value={zone}>{children}</PageZoneContext>;
}
