"use client";
// Deleting a metric takes two steps: "Delete…" opens the confirmation, which says what goes with
// it (every point), and only its own button deletes.
import { useActionState } from "react";
import { deleteMetricAction, type MetricDeleteState } from "@/app/_actions/metrics";
import { SubmitButton } from "@/components/SubmitButton";

const initial: MetricDeleteState = { error: null };

export function MetricDeleteForm({ metric }: { metric: { id: string; name: string; pointCount: number } }) {
  const [state, action] = useActionState(deleteMetricAction, initial);
  const points = `${metric.pointCount.toLocaleString("en-US")} ${metric.pointCount === 1 ? "point" : "points"}`;
  return (
    <details className="group" open={state.error ? true : undefined}>
      <summary className="inline-flex cursor-pointer list-none items-center rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950">
        Delete…
      </summary>
      <form action={action} className="mt-3 space-y-3 rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950">
        <input type="hidden" name="metricId" value={metric.id} />
        <p className="text-sm text-red-900 dark:text-red-200">
          Delete <strong>{metric.name}</strong> and its {points}? Its graph leaves the status page, and this cannot be undone.
        </p>
        {state.error ? (
          <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
            {state.error}
          </p>
        ) : null}
        <SubmitButton pendingText="Deleting…" className="bg-red-700! hover:bg-red-800! dark:bg-red-600! dark:hover:bg-red-500!">
          Delete {metric.name} and its points
        </SubmitButton>
      </form>
    </details>
  );
}
