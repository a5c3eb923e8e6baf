/**
 * Enhancement for source pages, as on GitHub: highlight any `#L12` or
 * `#L12-L14` range (CSS alone covers single lines and cited ranges) and bring
 * it into view; a click on a line number selects that line, a shift-click
 * extends the selection to a range; a button copies the link to those lines.
 */

interface Range {
  start: number;
  end: number;
}

const list = document.querySelector<HTMLElement>('.source-lines');
/** The line a shift-click extends from: the last line selected alone. */
let anchor: number | undefined;

function parse(hash: string): Range | undefined {
  const m = /^#L(\d+)(?:-L?(\d+))?$/.exec(hash);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

const fragment = (r: Range) => (r.start === r.end ? `#L${r.start}` : `#L${r.start}-L${r.end}`);
const describe = (r: Range) => (r.start === r.end ? `line ${r.start}` : `lines ${r.start}\u2013${r.end}`);

/** The copy button, made once and moved to the last line of the selection (so it follows the lines in tab order). */
const tools = (() => {
  const box = document.createElement('div');
  box.className = 'line-tools';
  const button = document.createElement('button');
  button.type = 'button';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  box.append(button, status);
  button.addEventListener('click', async () => {
    status.textContent = (await copy(location.href)) ? 'Link copied.' : 'Copy the address from the address bar.';
  });
  return { box, button, status };
})();

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission (an insecure origin, an old browser) fall back to a selection.
    const field = Object.assign(document.createElement('textarea'), { value: text, readOnly: true });
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.append(field);
    field.select();
    const ok = document.execCommand('copy');
    field.remove();
    return ok;
  }
}

function highlight(scroll: boolean): void {
  for (const el of document.querySelectorAll('.source-lines > li.hl')) el.classList.remove('hl');
  const range = parse(location.hash);
  const last = range && document.getElementById(`L${Math.min(range.end, list?.children.length ?? 0)}`);
  if (!range || !last) {
    tools.box.remove();
    return;
  }
  for (let n = range.start; n <= range.end; n++) document.getElementById(`L${n}`)?.classList.add('hl');
  tools.button.textContent = `Copy link to ${describe(range)}`;
  tools.status.textContent = '';
  last.append(tools.box);
  if (range.start === range.end) anchor = range.start;
  if (scroll) document.getElementById(`L${range.start}`)?.scrollIntoView({ block: 'center' });
}

/** The fragment set by a click on a line number, which keeps the page where it is. */
let quiet: string | undefined;

/** Change the address to these lines (a history entry, `:target` in step) without the jump a fragment link makes. */
function select(range: Range): void {
  const { scrollX, scrollY } = window;
  quiet = fragment(range);
  location.hash = quiet;
  scrollTo(scrollX, scrollY);
  highlight(false);
}

list?.addEventListener('click', (e) => {
  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.altKey) return;
  const link = (e.target as Element).closest('.source-lines > li > a');
  const line = link?.parentElement;
  if (!link || !line?.id.startsWith('L')) return;
  e.preventDefault();
  const n = Number(line.id.slice(1));
  if (e.shiftKey && anchor !== undefined) select({ start: Math.min(anchor, n), end: Math.max(anchor, n) });
  else select({ start: n, end: n });
});

highlight(true);
window.addEventListener('hashchange', () => {
  highlight(location.hash !== quiet);
  quiet = undefined;
});

export {};
