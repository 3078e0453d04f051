import type {
  ExtensionReply,
  ExtensionRequest,
  ExtensionRequestType,
  ExtensionResponses,
  MessageError,
  TabMessage,
} from '@leadlight/contract';
import { browser } from '#imports';

/*
 * The sending side of the protocol in packages/contract/src/messages.ts, for content scripts, the popup and
 * extension pages. Type-only imports: the content-script bundle carries no schema code; the background validates.
 */

export type RequestOf<T extends ExtensionRequestType> = Extract<ExtensionRequest, { type: T }>;

export class MessageFailure extends Error {
  constructor(readonly error: MessageError) {
    super(error.message);
    this.name = 'MessageFailure';
  }
}

/** Sends one request to the background and returns its answer; a refusal is thrown as MessageFailure. */
export async function sendRequest<T extends ExtensionRequestType>(
  request: RequestOf<T>,
): Promise<ExtensionResponses[T]> {
  let reply: ExtensionReply<T> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(request)) as ExtensionReply<T> | undefined;
  } catch (error) {
    // The extension was reloaded or updated under this page: its old content script is orphaned.
    throw new MessageFailure({
      code: 'internal',
      message: `Leadlight is not available: ${(error as Error).message}`,
    });
  }
  if (!reply) throw new MessageFailure({ code: 'internal', message: 'Leadlight did not answer' });
  if (!reply.ok) throw new MessageFailure(reply.error);
  return reply.data;
}

/** Listens for background → tab messages; returns the function that stops listening. */
export function onTabMessage(handler: (message: TabMessage) => unknown): () => void {
  const listener = (message: unknown, sender: { id?: string }, sendResponse: (answer: unknown) => void) => {
    if (sender.id !== browser.runtime.id) return false;
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return false;
    const answer = handler(message as TabMessage);
    if (answer === undefined) return false;
    void Promise.resolve(answer).then(sendResponse);
    return true; // Chrome: keep the channel open for the asynchronous answer
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
