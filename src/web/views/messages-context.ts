import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { english, type Messages } from '../../i18n/messages.js';

/** The messages of the page being rendered; `renderDocument` provides them. */
export const MessagesContext = createContext<Messages | null>(null);

/**
 * The messages of the page being rendered, for components. Functions that are not
 * components (head builders, email writers) take a `Messages` argument instead.
 */
export function useMessages(): Messages {
  return useContext(MessagesContext) ?? english();
}
