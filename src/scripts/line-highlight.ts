/**
 * Enhancement for source pages: highlight any `#L12` or `#L12-L14` range
 * (CSS alone covers single lines and cited ranges) and bring it into view.
 */
function highlight(): void {
  for (const el of document.querySelectorAll('.source-lines > li.hl')) el.classList.remove('hl');
  const m = /^#L(\d+)(?:-L?(\d+))?$/.exec(location.hash);
  if (!m) return;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  const [start, end] = a <= b ? [a, b] : [b, a];
  for (let n = start; n <= end; n++) document.getElementById(`L${n}`)?.classList.add('hl');
  document.getElementById(`L${start}`)?.scrollIntoView({ block: 'center' });
}

highlight();
window.addEventListener('hashchange', highlight);
