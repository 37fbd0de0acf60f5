import type { VNode } from 'preact';
import { deadlineInstant } from '../../../domain/campaigns/campaign.js';
import { useMessages } from '../../views/messages-context.js';

/**
 * A campaign's deadline as everyone acting on it means it: the last minute of its day in
 * the zone it was chosen in, with that zone ("30 April 2026, 23:59 CEST"), whatever zone
 * the coordinator reads other times in.
 */
export function DeadlineTime(props: { deadline: string; zone: string | null }): VNode {
  const m = useMessages();
  const iso = new Date(deadlineInstant(props.deadline)).toISOString();
  return <time dateTime={iso}>{m.date(iso, 'dateTime', props.zone ?? 'UTC')}</time>;
}
