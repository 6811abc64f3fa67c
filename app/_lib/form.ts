// Server actions are public endpoints: anyone can call one with any arguments (a forged request
// decodes to a string, null or nothing where the form should be). Each action checks its form.

/** Whether a server action's argument is the form it expects. */
export function isForm(value: unknown): value is FormData {
  return value instanceof FormData;
}

/** What the visitor is told when the form arrived in a shape no browser sends. */
export const UNREADABLE_FORM = "The form could not be read. Reload the page and try again.";
