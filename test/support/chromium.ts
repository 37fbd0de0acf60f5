/** Debian's Chromium; the browser tests use no downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless and quiet: without the background-networking flags Chromium keeps trying to
 * reach Google's services, which on a closed network only slows every test down.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
