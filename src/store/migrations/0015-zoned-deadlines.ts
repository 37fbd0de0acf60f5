import { sql, type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Campaign deadlines become instants (docs/decisions/0025). `campaigns.deadline` held a
 * day ("2026-04-30") that ended at midnight UTC; it now holds the last instant actions
 * are accepted, the end of the chosen day in the campaign's zone, and
 * `campaigns.deadline_zone` the zone that day was chosen in, to show it again. Existing
 * days become the end of that day in UTC, which is what they meant.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('campaigns').addColumn('deadline_zone', 'text').execute();
  await sql`update campaigns set deadline = deadline || 'T23:59:59.999Z', deadline_zone = 'UTC' where deadline is not null and length(deadline) = 10`.execute(
    db,
  );
}
