// How long a component's or group's name and description may be. Shared with the dashboard's
// forms (browser code): no server imports here.
export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2000;
