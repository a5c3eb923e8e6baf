import { checkProject } from '../src/lib/check-project.ts';
import { loadStyles } from '../src/lib/csl-styles.ts';
import { computeBriefingReferences, computeSourceReference } from '../src/lib/reference-format.ts';
import { referenceJobs } from '../src/lib/reference-jobs.ts';
const root = '.bench/small';
const report = checkProject({ root });
const jobs = referenceJobs(report, loadStyles(root, 'styles'), process.argv[2] ?? 'apa', false);
let t = performance.now();
computeSourceReference((jobs.find(j=>j.kind==='source') as any).style, (jobs.find(j=>j.kind==='source') as any).item);
console.log('first (compile)', (performance.now()-t).toFixed(0));
let tb = 0, ts = 0, nb = 0, ns = 0;
for (const j of jobs) {
  t = performance.now();
  if (j.kind === 'briefing') { computeBriefingReferences(j.request); tb += performance.now()-t; nb++; }
  else { computeSourceReference(j.style, j.item); ts += performance.now()-t; ns++; }
}
console.log(`briefings ${nb} ${(tb/nb).toFixed(1)} ms each; sources ${ns} ${(ts/ns).toFixed(2)} ms each`);
