/** Roles; a user may hold several. Planner, inspector and editor rights apply within the user's scopes. */
export const ROLES = ['viewer', 'planner', 'inspector', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose rights are limited to the user's scopes (admin_unit codes). */
export const SCOPED_ROLES: readonly Role[] = ['planner', 'inspector', 'editor'];

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  viewer: { vi: 'xem', en: 'viewer' },
  planner: { vi: 'lập kế hoạch', en: 'planner' },
  inspector: { vi: 'nghiệm thu', en: 'inspector' },
  editor: { vi: 'biên tập tiêu chí', en: 'editor' },
  admin: { vi: 'quản trị', en: 'administrator' },
};
