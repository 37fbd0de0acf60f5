import { fileURLToPath } from 'node:url';

/*
 * The project's folders and files, found from this file so that `npm start` works from any
 * directory. Kept apart from compose.ts so that a command that only needs a path (`user add`
 * reads the common-passwords list) does not load the whole web app with it.
 */

/** The public stylesheet and scripts. */
export const ASSETS_DIR = fileURLToPath(new URL('../../assets/', import.meta.url));
/** The captured page the demo content is read from. */
export const DEMO_PAGE = fileURLToPath(new URL('../../demo/kazakhstan-protest-page.txt', import.meta.url));
/** The demo article's lead image. */
export const DEMO_IMAGE = fileURLToPath(new URL('../../demo/corinthia-protest.svg', import.meta.url));
/** Passwords refused as too common (docs/decisions/0008). */
export const COMMON_PASSWORDS = fileURLToPath(new URL('../../data-files/common-passwords.txt', import.meta.url));
