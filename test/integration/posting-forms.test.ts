// The posting and template forms as the server renders them: every field has a visible label tied
// to it (tests and screen readers find fields by label), the values given are shown, the impact
// computed from the components is named, and the preview shows each channel's message.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NewIncidentForm } from "@/components/admin/NewIncidentForm";
import { PreviewPanel } from "@/components/admin/PreviewPanel";
import { TemplateForm } from "@/components/admin/TemplateForm";
import { UpdateIncidentFormFields } from "@/components/admin/UpdateIncidentFormFields";

const sections = [
  { group: { id: "g1", name: "Backend" }, components: [{ id: "c1", name: "API", status: "operational" as const }] },
  { group: null, components: [{ id: "c2", name: "Website", status: "degraded_performance" as const }] },
];

/** The control a visible label names: its `for` points at an element with that id. */
function controlFor(html: string, label: string): string {
  const m = new RegExp(`<label for="([^"]+)"[^>]*>${label}`).exec(html);
  expect(m, `a label "${label}"`).not.toBeNull();
  const id = m![1]!;
  const control = new RegExp(`<(input|select|textarea)[^>]*id="${id}"[^>]*>`).exec(html);
  expect(control, `the control of "${label}"`).not.toBeNull();
  return control![0];
}

describe("NewIncidentForm", () => {
  const html = renderToStaticMarkup(
    h(NewIncidentForm, {
      sections,
      timeZone: "Europe/Paris",
      nowLocal: "2026-12-07T10:00",
      defaults: {
        name: "Database outage",
        status: "identified",
        message: "We are on it.",
        notify: true,
        components: { c1: "major_outage" },
        impact: "computed",
        startedAt: "2026-12-07T09:30",
        startedAtShown: "2026-12-07T10:00",
        customTweet: "Down, on it.",
        channels: ["email", "webhook"],
      },
    }),
  );

  it("labels every field and shows the values given", () => {
    expect(controlFor(html, "Name")).toContain('value="Database outage"');
    expect(controlFor(html, "Status")).toContain('name="status"');
    expect(controlFor(html, "Message")).toContain('name="message"');
    expect(controlFor(html, "API")).toContain('name="component:c1"');
    expect(controlFor(html, "Website")).toContain('name="component:c2"');
    expect(controlFor(html, "Impact")).toContain('name="impact"');
    expect(controlFor(html, "Started at")).toMatch(/type="datetime-local"[^>]*max="2026-12-07T10:00"[^>]*value="2026-12-07T09:30"/);
    expect(controlFor(html, "X post")).toContain('name="customTweet"');
    expect(controlFor(html, "Notify subscribers")).toContain("checked");
    expect(controlFor(html, "Email")).toContain("checked");
    expect(controlFor(html, "SMS")).not.toContain("checked");
    expect(controlFor(html, "Webhook")).toContain("checked");
    expect(html).toContain('<option value="identified" selected="">');
    expect(html).toContain('<option value="major_outage" selected="">');
    expect(html).toContain("Europe/Paris");
  });

  it("names the impact the chosen component statuses give, and counts the X post", () => {
    expect(html).toContain('<option value="computed" selected="">Computed from the components (critical)</option>');
    expect(html).toContain("12 / 280");
  });

  it("has a Preview button that does not submit, and one Post button", () => {
    expect(html).toMatch(/<button type="button"[^>]*>Preview<\/button>/);
    expect(html.match(/type="submit"/g)).toHaveLength(1);
    expect(html).toMatch(/<button type="submit"[^>]*>Post incident<\/button>/);
  });
});

describe("UpdateIncidentFormFields", () => {
  it("shows the incident's override, its start, and hides impact and start for a maintenance", () => {
    const posting = { computedImpact: "minor" as const, impactOverride: "major" as const, timeZone: "Etc/UTC", startedAtLocal: "2026-12-07T08:00", nowLocal: "2026-12-07T10:00", channels: ["email" as const, "webhook" as const] };
    const incident = { id: "i1", name: "API errors", kind: "incident" as const, status: "monitoring" as const, components: [{ id: "c1", name: "API", status: "partial_outage" as const }] };
    const html = renderToStaticMarkup(h(UpdateIncidentFormFields, { incident, posting }));
    expect(controlFor(html, "Status")).toContain('name="status"');
    expect(html).toContain('<option value="monitoring" selected="">');
    expect(html).toContain('<option value="major" selected="">Major</option>');
    expect(html).toContain("Computed from the components (minor)");
    expect(controlFor(html, "Started at")).toContain('value="2026-12-07T08:00"');
    expect(html).toContain('<input type="hidden" name="incidentId" value="i1"/>');
    // The channels of its last notice are ticked again.
    expect(controlFor(html, "Webhook")).toContain("checked");
    expect(controlFor(html, "SMS")).not.toContain("checked");

    const maintenance = renderToStaticMarkup(h(UpdateIncidentFormFields, { incident: { ...incident, kind: "maintenance", status: "scheduled" }, posting }));
    expect(maintenance).not.toContain('name="impact"');
    expect(maintenance).not.toContain('name="startedAt"');
    expect(maintenance).toContain('<option value="in_progress">In progress</option>');
  });
});

describe("TemplateForm", () => {
  it("labels every field, and offers each component as not affected unless chosen", () => {
    const html = renderToStaticMarkup(
      h(TemplateForm, { template: { id: "t1", name: "DB", title: "Database outage", body: "Looking.", status: "investigating", components: { c2: "partial_outage" }, channels: ["sms"] }, sections }),
    );
    expect(controlFor(html, "Template name")).toContain('value="DB"');
    expect(controlFor(html, "Incident title")).toContain('value="Database outage"');
    expect(controlFor(html, "First message")).toContain('name="body"');
    expect(controlFor(html, "Status")).toContain('name="status"');
    expect(controlFor(html, "API")).toContain('name="component:c1"');
    expect(html).toContain('<option value="partial_outage" selected="">');
    expect(controlFor(html, "SMS")).toContain("checked");
    expect(controlFor(html, "Email")).not.toContain("checked");
    expect(html).toContain('<input type="hidden" name="templateId" value="t1"/>');
    expect(html).toMatch(/<button type="submit"[^>]*>Save template<\/button>/);
  });
});

describe("PreviewPanel", () => {
  it("shows who gets it per channel and the email in a sandboxed frame", () => {
    const html = renderToStaticMarkup(
      h(PreviewPanel, {
        stale: true,
        idPrefix: "p",
        preview: {
          kind: "incident_created",
          notify: true,
          impact: "major",
          channels: [
            { channel: "email", sends: true, reason: null, recipients: 1200, email: { from: "Acme Status <status@acme.test>", subject: "[Acme] Outage", text: "T", html: "<p>Body</p>" } },
            { channel: "sms", sends: false, reason: "Not chosen for this post.", recipients: 0, sms: { body: "b", characters: 161, encoding: "GSM-7", segments: 2 } },
            { channel: "x", sends: true, reason: null, recipients: 1, x: { text: "Down", weightedLength: 4, max: 280, custom: true } },
          ],
        },
      }),
    );
    expect(html).toContain("1,200 subscribers");
    expect(html).toContain("Acme Status &lt;status@acme.test&gt;");
    expect(html).toContain("Not chosen for this post.");
    expect(html).toContain('srcDoc="&lt;p&gt;Body&lt;/p&gt;" sandbox=""');
    expect(html).toContain("161 characters (GSM-7), 2 segments");
    expect(html).toContain("4 / 280 as X counts it · your own post");
    expect(html).toContain("The form changed since this preview");
  });
});
