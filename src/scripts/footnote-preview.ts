/**
 * Footnote previews: hovering, focusing or tapping a note mark shows that
 * note (the excerpt and reference) in a popover beside the text, so a reader
 * checks the evidence without losing their place. WCAG 1.4.13: the preview can
 * be hovered, stays while the pointer or focus is on the mark or the preview,
 * and Esc closes it. Without this script the mark stays a plain link to the note.
 */

const HIDE_DELAY_MS = 250;
const GAP_PX = 6;
const EDGE_PX = 8;

interface Preview {
  mark: HTMLAnchorElement;
  box: HTMLElement;
}

/** The preview on screen, if any. */
let current: Preview | undefined;
let hideTimer: number | undefined;
/** The mark a finger is on, and whether its preview was open then (a tap's light dismiss closes it before the click). */
let touchDown: { mark: HTMLAnchorElement; wasOpen: boolean } | undefined;

/** A copy of the note's content, minus back-links and anything that must stay unique on the page. */
function previewOf(note: HTMLElement, id: string): HTMLElement {
  const box = document.createElement('div');
  box.id = id;
  box.className = 'fn-preview';
  box.popover = 'auto';
  for (const child of note.childNodes) box.append(child.cloneNode(true));
  box.querySelectorAll('[data-footnote-backref]').forEach((a) => a.remove());
  box.querySelectorAll('[id]').forEach((el) => el.removeAttribute('id'));
  // The stable hooks (`data-source`, `data-lines`) belong to the notes themselves, not to their copies.
  box.querySelectorAll('[data-source]').forEach((el) => {
    el.removeAttribute('data-source');
    el.removeAttribute('data-lines');
  });
  return box;
}

function place({ mark, box }: Preview): void {
  const r = mark.getBoundingClientRect();
  const { width, height } = box.getBoundingClientRect();
  const below = r.bottom + GAP_PX;
  const fitsBelow = below + height <= innerHeight - EDGE_PX || r.top - GAP_PX - height < EDGE_PX;
  box.style.top = `${Math.max(EDGE_PX, fitsBelow ? below : r.top - GAP_PX - height)}px`;
  box.style.left = `${Math.max(EDGE_PX, Math.min(r.left - 2 * GAP_PX, innerWidth - width - EDGE_PX))}px`;
}

function show(p: Preview): void {
  clearTimeout(hideTimer);
  if (current === p && p.box.matches(':popover-open')) return;
  if (current && current !== p) hide();
  // `source` ties the preview to its mark: focus moves from the mark into the preview, and a click on the mark is not a "click outside".
  p.box.showPopover({ source: p.mark });
  current = p;
  place(p);
}

function hide(): void {
  clearTimeout(hideTimer);
  if (current?.box.matches(':popover-open')) current.box.hidePopover();
  current = undefined;
}

function hideSoon(): void {
  clearTimeout(hideTimer);
  hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
}

const within = (p: Preview, node: EventTarget | null): boolean => node instanceof Node && (p.mark.contains(node) || p.box.contains(node));

function enhance(mark: HTMLAnchorElement, previews: Map<string, HTMLElement>, host: HTMLElement): void {
  const noteId = decodeURIComponent(mark.hash.slice(1));
  const note = document.getElementById(noteId);
  if (!note) return;
  let box = previews.get(noteId);
  if (!box) {
    box = previewOf(note, `preview-${noteId}`);
    previews.set(noteId, box);
    host.append(box);
  }
  const p: Preview = { mark, box };
  // Screen readers announce the note's content as the mark's description.
  mark.setAttribute('aria-describedby', box.id);

  mark.addEventListener('pointerenter', (e) => {
    if (e.pointerType !== 'touch') show(p);
  });
  mark.addEventListener('pointerleave', (e) => {
    if (e.pointerType !== 'touch' && current === p) hideSoon();
  });
  box.addEventListener('pointerenter', () => current?.box === box && clearTimeout(hideTimer));
  box.addEventListener('pointerleave', (e) => {
    if (e.pointerType !== 'touch' && current?.box === box && !box.contains(document.activeElement)) hideSoon();
  });
  mark.addEventListener('pointerdown', (e) => {
    touchDown = e.pointerType === 'touch' ? { mark, wasOpen: current === p && box.matches(':popover-open') } : undefined;
  });
  mark.addEventListener('focus', () => {
    // A tap focuses the link too; the click decides what a tap does.
    if (touchDown?.mark !== mark) show(p);
  });
  for (const el of [mark, box]) {
    el.addEventListener('focusout', (e) => {
      if (current === p && !within(p, e.relatedTarget)) hide();
    });
  }
  mark.addEventListener('click', (e) => {
    const tap = touchDown?.mark === mark ? touchDown : undefined;
    touchDown = undefined;
    // The first tap previews; a second tap on the same mark follows the link to the note.
    if (tap && !tap.wasOpen) {
      e.preventDefault();
      show(p);
      return;
    }
    hide();
  });
}

function init(): void {
  const marks = document.querySelectorAll<HTMLAnchorElement>('a[data-footnote-ref]');
  if (marks.length === 0 || !('popover' in HTMLElement.prototype)) return;
  const host = document.querySelector<HTMLElement>('main') ?? document.body;
  const previews = new Map<string, HTMLElement>();
  for (const mark of marks) enhance(mark, previews, host);
  const reposition = () => current && place(current);
  addEventListener('scroll', reposition, { passive: true });
  addEventListener('resize', reposition);
  // Esc and a click elsewhere close an `auto` popover natively; keep our state in step.
  for (const box of previews.values()) box.addEventListener('toggle', (e) => (e as ToggleEvent).newState === 'closed' && current?.box === box && (current = undefined));
}

init();
export {};
