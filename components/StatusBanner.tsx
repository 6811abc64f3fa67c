import type { Rollup } from "@/lib/status/rollup";
import { INDICATOR_BANNER } from "@/components/status-styles";

function BannerIcon({ indicator }: { indicator: Rollup["indicator"] }) {
  const common = { className: "size-7 shrink-0", viewBox: "0 0 24 24", "aria-hidden": true, focusable: false, fill: "none", stroke: "currentColor", strokeWidth: 2.4, strokeLinecap: "round", strokeLinejoin: "round" } as const;
  switch (indicator) {
    case "none":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" />
          <path d="M7.5 12.5l3 3 6-6.5" />
        </svg>
      );
    case "maintenance":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" />
          <path d="M12 7v5l3 2" />
        </svg>
      );
    case "critical":
      return (
        <svg {...common}>
          <rect x="2.5" y="2.5" width="19" height="19" rx="4" />
          <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <path d="M12 2.8L22 20H2z" />
          <path d="M12 9.5v4.5M12 17.2v.1" />
        </svg>
      );
  }
}

/** The page's overall status: colour by indicator, an icon, and the description as text (announced when it changes). */
export function StatusBanner({ status }: { status: Rollup }) {
  return (
    <section
      aria-label="Overall status"
      data-indicator={status.indicator}
      className={`flex items-center gap-3 rounded-lg px-5 py-4 shadow-sm ${INDICATOR_BANNER[status.indicator]}`}
    >
      <BannerIcon indicator={status.indicator} />
      <p role="status" className="text-lg font-semibold sm:text-xl">
        {status.description}
      </p>
    </section>
  );
}
