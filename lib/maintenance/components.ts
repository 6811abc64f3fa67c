// What a maintenance's status means for its components, one rule for the tick, a cancellation and
// an operator's update: while it is in progress (or being verified) they are under maintenance;
// when it completes, those still under maintenance go back to operational, and one someone has
// set otherwise meanwhile (an outage) keeps that status. Scheduled: nothing moves yet.
import type { AnyIncidentStatus, ComponentStatus } from "@/lib/vocabulary";

export function componentMovesFor(
  status: AnyIncidentStatus,
  components: readonly { componentId: string; status: ComponentStatus }[],
): { componentId: string; status: ComponentStatus }[] {
  if (status === "in_progress" || status === "verifying") {
    return components.filter((c) => c.status !== "under_maintenance").map((c) => ({ componentId: c.componentId, status: "under_maintenance" }));
  }
  if (status === "completed") {
    return components.filter((c) => c.status === "under_maintenance").map((c) => ({ componentId: c.componentId, status: "operational" }));
  }
  return [];
}
