import { plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
const cfg = plugins.config.get('@csl');
const lang = process.argv[2] === 'u' ? undefined : 'en-US';
for (const style of ['apa', 'harvard1', 'vancouver']) {
let t = performance.now();
const e = cfg.engine([{id:'a', type:'article-newspaper', title:'x'}], style, lang, 'html'); 
console.log(style, lang, 'engine', Math.round(performance.now()-t)); t = performance.now();
e.updateItems(['a']); console.log('update', Math.round(performance.now()-t));
}
