/**
 * The hand-off between a build's pages and its claim-records thread
 * (`integration/claim-records-worker.ts`): the pages run in the prerender
 * bundle's copy of our modules, the thread's owner in the integration's, so
 * the receiver is kept process-wide.
 */
const KEY = Symbol.for('attest.claim-pages');
type Receiver = (url: string, html: string) => void;
type Holder = { [KEY]?: Receiver | undefined };

/**
 * @param receive Takes each briefing page as it is rendered, or undefined to stop taking them.
 */
export function receiveClaimPages(receive: Receiver | undefined): void {
  (globalThis as Holder)[KEY] = receive;
}

/** @returns Whoever takes the briefing pages this build renders, if anyone does. */
export function claimPagesReceiver(): Receiver | undefined {
  return (globalThis as Holder)[KEY];
}
