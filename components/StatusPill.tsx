import { COMPONENT_STATUS_LABELS, type ComponentStatus } from "@/lib/vocabulary";
import { COMPONENT_STATUS_TEXT } from "@/components/status-styles";
import { StatusIcon } from "@/components/StatusIcon";

/** A component status as icon + label, coloured. */
export function StatusPill({ status }: { status: ComponentStatus }) {
  return (
    <span className={`inline-flex items-center gap-1.5 text-sm font-medium whitespace-nowrap ${COMPONENT_STATUS_TEXT[status]}`}>
      <StatusIcon status={status} />
      {COMPONENT_STATUS_LABELS[status]}
    </span>
  );
}
