/** What each staff role may do; see {@link allows} and the article rules below. */
export const ROLES = ['administrator', 'editor', 'section_editor', 'author', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  editor: 'Editor',
  section_editor: 'Section editor',
  author: 'Author',
  coordinator: 'Campaign coordinator',
};

/** True when the string names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A signed-in member of staff, as every policy sees them. */
export interface StaffUser {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Sections a section editor (or author) works for; empty for roles that span all. */
  readonly sectionIds: readonly number[];
  readonly contributorId: number | null;
  readonly totpEnabled: boolean;
}

/**
 * Route-level permissions. Every admin route declares one; a test walks every route as
 * every role and compares with its own matrix, so a route without a policy cannot land.
 */
export const POLICIES = [
  'signed-in',
  'articles.read',
  'articles.write',
  'articles.publish',
  'media.write',
  'campaigns.manage',
  'users.manage',
  'audit.read',
  'settings.manage',
] as const;
export type Policy = (typeof POLICIES)[number];

const GRANTS: Readonly<Record<Role, readonly Policy[]>> = {
  administrator: POLICIES,
  editor: ['signed-in', 'articles.read', 'articles.write', 'articles.publish', 'media.write'],
  section_editor: ['signed-in', 'articles.read', 'articles.write', 'articles.publish', 'media.write'],
  author: ['signed-in', 'articles.read', 'articles.write', 'media.write'],
  coordinator: ['signed-in', 'campaigns.manage'],
};

/** Whether a role's holder may use routes of this policy at all (objects are checked apart). */
export function allows(user: Pick<StaffUser, 'role'> | null, policy: Policy): boolean {
  return user !== null && GRANTS[user.role].includes(policy);
}

/** What the article rules need to know of an article. */
export interface ArticleAccessFacts {
  readonly sectionIds: readonly number[];
  readonly ownerId: number | null;
  readonly status: string;
}

/**
 * Whether a user may see an article in the admin. Editors and administrators see all;
 * a section editor sees those of their sections; an author sees their own. Anything
 * else answers 404, not 403, so another section's drafts cannot even be confirmed.
 */
export function canSeeArticle(user: StaffUser, article: ArticleAccessFacts): boolean {
  switch (user.role) {
    case 'administrator':
    case 'editor':
      return true;
    case 'section_editor':
      return article.sectionIds.length === 0 || article.sectionIds.some((id) => user.sectionIds.includes(id)) || article.ownerId === user.id;
    case 'author':
      return article.ownerId === user.id;
    case 'coordinator':
      return false;
  }
}

/** Whether a user may change an article: authors only their own drafts (before review). */
export function canEditArticle(user: StaffUser, article: ArticleAccessFacts): boolean {
  if (!canSeeArticle(user, article)) return false;
  if (user.role === 'author') return article.status === 'draft';
  return true;
}

/**
 * Whether a user may publish, schedule, update or withdraw an article for these
 * sections: a section editor only when every section is one of theirs.
 */
export function canPublishArticle(user: StaffUser, article: ArticleAccessFacts): boolean {
  if (!allows(user, 'articles.publish') || !canSeeArticle(user, article)) return false;
  if (user.role === 'section_editor') return article.sectionIds.length > 0 && article.sectionIds.every((id) => user.sectionIds.includes(id));
  return true;
}
