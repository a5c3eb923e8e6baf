import { checkProject } from '../src/lib/check-project.ts';
import { loadSources } from '../src/lib/sources.ts';
let c = process.cpuUsage(); let t = performance.now();
loadSources('/work/main/.bench/check', 'sources');
let u = process.cpuUsage(c); console.log('sources wall', Math.round(performance.now() - t), 'cpu', Math.round((u.user + u.system) / 1000));
c = process.cpuUsage(); t = performance.now();
checkProject({ root: '/work/main/.bench/check' });
u = process.cpuUsage(c); console.log('check(cached) wall', Math.round(performance.now() - t), 'cpu', Math.round((u.user + u.system) / 1000));
