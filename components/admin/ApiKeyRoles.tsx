// The roles an API key can have, in words (a key never acts as an owner).
export const API_KEY_ROLE_LABELS = {
  editor: "Editor: incidents, component statuses, templates",
  admin: "Admin: everything but operators",
} as const;
