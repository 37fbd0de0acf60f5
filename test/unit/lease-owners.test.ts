import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { deadOnThisHost } from '../../src/services/shared/lease-owners.js';

describe('unit: which lease owners are known to be dead', () => {
  it('names a worker of this host whose process has ended, and no other', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number;
    expect(deadOnThisHost(`${hostname()}:${ended}:abcd1234`)).toBe(true);
    // Alive: this process, and its parent.
    expect(deadOnThisHost(`${hostname()}:${process.pid}:abcd1234`)).toBe(false);
    expect(deadOnThisHost(`${hostname()}:${process.ppid}:abcd1234`)).toBe(false);
    // Another host's worker cannot be judged from here; its lease must lapse.
    expect(deadOnThisHost(`other-node:${ended}:abcd1234`)).toBe(false);
    expect(deadOnThisHost('garbage')).toBe(false);
  });
});
