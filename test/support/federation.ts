import { createServer } from 'node:net';
import type { StaffUser } from '../../src/domain/accounts/staff.js';
import { createUser } from '../../src/services/accounts/users.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { createSection } from '../../src/services/sections/create-section.js';
import { startTestApp, type TestApp } from './app.js';
import { articleInput } from './articles.js';
import type { DatabaseKind } from './databases.js';

/*
 * ActivityPub between real servers on loopback: a Placard listening on a port of
 * 127.0.0.1 whose public address is that port, so other servers can fetch its actors.
 */

/** A free port on 127.0.0.1, found by listening on port 0 a moment. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A Placard listening on loopback with its federation worker running. */
export interface ListeningPlacard {
  readonly t: TestApp;
  readonly origin: string;
  readonly host: string;
}

/** Starts a Placard without demo content on a loopback port, its federation worker running. */
export async function startListeningPlacard(kind: DatabaseKind): Promise<ListeningPlacard> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await startTestApp(kind, { demo: false, intakeWorker: false, env: { PUBLIC_URL: origin }, federationAllowsLoopback: true });
  await t.app.listen({ port, host: '127.0.0.1' });
  t.placard.startJobs(['federation']);
  return { t, origin, host: `127.0.0.1:${port}` };
}

/** Makes a section and an editor who may publish in it. */
export async function sectionWithEditor(t: TestApp, slug: string): Promise<{ sectionId: number; editor: StaffUser }> {
  const sectionId = await createSection(
    { db: t.database.db, changes: t.changes },
    { slug, name: 'Socialist Party Ireland', shortLabel: 'CWI in Ireland', country: 'IE', languages: ['en'], website: null },
  );
  const person = { email: `editor-${slug}@example.org`, name: 'Editor', role: 'editor' as const, sectionSlugs: [] };
  const id = await createUser(
    { db: t.database.db, clock: t.actions.clock, commonPasswords: () => new Set() },
    { ...person, password: 'a long and unguessable passphrase' },
  );
  return { sectionId, editor: { ...person, id, sectionIds: [], contributorId: null, totpEnabled: false } as StaffUser };
}

/** A draft in the section, ready for its editor to publish. */
export async function draftInSection(t: TestApp, sectionSlug: string, title: string): Promise<number> {
  const created = await createArticle(
    { db: t.database.db, changes: t.changes },
    articleInput({
      title,
      status: 'draft',
      sectionSlugs: [sectionSlug],
      standfirst: 'Workers walked out at dawn.',
      bodyMarkdown: 'Workers walked out at **dawn**.',
    }),
  );
  return created.id;
}
