// /widget.js: an embeddable status line for third-party pages, with no build step and no
// dependencies. A site adds
//   <script src="https://status.example.com/widget.js" async></script>
// and, optionally, an element `<span data-herald-status></span>` where the line should go;
// without one, the line shows as a small pill fixed in the bottom-right corner.
// The script reads /api/v2/status.json from its own origin (from document.currentScript.src),
// shows a coloured dot, the description and a link to the page, and refreshes every 60 s.
// Data only ever reaches the page through textContent and validated attributes, never HTML.
import type { Indicator } from "@/lib/vocabulary";

export const WIDGET_REFRESH_MS = 60_000;

export const WIDGET_COLORS: Record<Indicator, string> = {
  none: "#16a34a",
  minor: "#ca8a04",
  major: "#ea580c",
  critical: "#dc2626",
  maintenance: "#2563eb",
};

const SOURCE = `/* Herald status widget (no dependencies). */
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.src;
  if (!src || typeof fetch !== "function") return;
  var origin;
  try {
    origin = new URL(src).origin;
  } catch (e) {
    return;
  }
  var COLORS = __COLORS__;
  var REFRESH_MS = __REFRESH_MS__;
  var ui = null;

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\\/\\//i.test(url) ? url : origin;
  }

  function build() {
    var target = document.querySelector("[data-herald-status]");
    var link = document.createElement("a");
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
    link.setAttribute("data-herald-widget", "");
    link.href = origin;
    var dot = document.createElement("span");
    dot.setAttribute("aria-hidden", "true");
    dot.style.display = "inline-block";
    dot.style.width = "0.6em";
    dot.style.height = "0.6em";
    dot.style.borderRadius = "50%";
    dot.style.marginRight = "0.4em";
    dot.style.verticalAlign = "middle";
    var text = document.createElement("span");
    text.style.verticalAlign = "middle";
    link.appendChild(dot);
    link.appendChild(text);
    link.style.textDecoration = "none";
    link.style.color = "inherit";
    if (target) {
      while (target.firstChild) target.removeChild(target.firstChild);
      target.appendChild(link);
    } else {
      var s = link.style;
      s.position = "fixed";
      s.right = "16px";
      s.bottom = "16px";
      s.zIndex = "2147483000";
      s.padding = "6px 12px";
      s.borderRadius = "999px";
      s.background = "#fff";
      s.color = "#111827";
      s.font = "13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      s.boxShadow = "0 1px 4px rgba(0,0,0,.2)";
      document.body.appendChild(link);
    }
    return { link: link, dot: dot, text: text };
  }

  function render(data) {
    var status = data && data.status;
    if (!status || typeof status.description !== "string") return;
    var color = Object.prototype.hasOwnProperty.call(COLORS, status.indicator) ? COLORS[status.indicator] : "#6b7280";
    var page = data.page || {};
    if (!ui) ui = build();
    ui.dot.style.background = color;
    ui.text.textContent = status.description;
    ui.link.href = safeUrl(page.url);
    var name = typeof page.name === "string" ? page.name + " status: " : "Status: ";
    ui.link.setAttribute("title", name + status.description);
  }

  function load() {
    fetch(origin + "/api/v2/status.json", { credentials: "omit", cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(render)
      .catch(function () {
        /* keep the last known status */
      });
  }

  function start() {
    load();
    setInterval(load, REFRESH_MS);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
`;

/** The widget script's text. */
export function widgetScript(): string {
  return SOURCE.replace("__COLORS__", JSON.stringify(WIDGET_COLORS)).replace("__REFRESH_MS__", String(WIDGET_REFRESH_MS));
}
