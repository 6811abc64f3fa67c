// The choices of a metric's definition that the dashboard's form offers too. Pure: no server imports.

/** How the points of one graph bucket are combined (the rollup knows more; operators choose from these). */
export const METRIC_TRANSFORMS = ["average", "sum"] as const;
export type MetricTransform = (typeof METRIC_TRANSFORMS)[number];

export const MAX_DECIMAL_PLACES = 4;
