import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/*
 * Workers that claim rows (the outbox, the intake) write their name into the leases they
 * take. The name says where the worker runs, so that a restarted process can tell which
 * leases belonged to a predecessor that is certainly dead.
 */

/**
 * A new worker's lease owner name, "host:pid:random". The random part makes it unique, so
 * a restarted process never mistakes its predecessor's leases for its own.
 */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** True for a lease owner ("host:pid:…") that ran on this host under a process that has ended. */
export function deadOnThisHost(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
