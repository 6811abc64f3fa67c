import type { ComponentStatus } from "@/lib/vocabulary";

/** A shape per status (check, dash, triangle, cross, wrench-ish) so status does not rest on colour alone. Decorative. */
export function StatusIcon({ status, className = "size-4" }: { status: ComponentStatus; className?: string }) {
  const common = { className: `${className} shrink-0`, viewBox: "0 0 16 16", "aria-hidden": true, focusable: false } as const;
  switch (status) {
    case "operational":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.8 8.3l2.1 2.1 4.3-4.6" stroke="white" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case "degraded_performance":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8h7" stroke="white" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
    case "partial_outage":
      return (
        <svg {...common}>
          <path d="M8 1.2l7 13H1z" fill="currentColor" />
          <path d="M8 5.8v4" stroke="white" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12" r="1" fill="white" />
        </svg>
      );
    case "major_outage":
      return (
        <svg {...common}>
          <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
          <path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" stroke="white" strokeWidth="1.9" strokeLinecap="round" />
        </svg>
      );
    case "under_maintenance":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M5 11l4-4M8.6 4.6a2.2 2.2 0 1 0 2.8 2.8" stroke="white" strokeWidth="1.7" fill="none" strokeLinecap="round" />
        </svg>
      );
  }
}
