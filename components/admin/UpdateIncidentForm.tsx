// The incident page's "Post an update" form. A server component: it loads what the form shows
// beyond the incident (its computed impact, its start in the page's time zone) so the page only
// passes the incident, and renders the form (UpdateIncidentFormFields).
import { requireOperator } from "@/app/admin/_lib/auth";
import type { IncidentForUpdate } from "@/lib/admin/incident";
import { loadUpdatePosting } from "@/lib/admin/posting";
import { UpdateIncidentFormFields } from "@/components/admin/UpdateIncidentFormFields";

export async function UpdateIncidentForm({ incident }: { incident: IncidentForUpdate }) {
  const actor = await requireOperator();
  const posting = await loadUpdatePosting({ actor, input: { incidentId: incident.id } });
  return <UpdateIncidentFormFields incident={incident} posting={posting} />;
}
