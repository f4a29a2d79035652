// Peer driver: Mozilla Readability (npm @mozilla/readability) on jsdom.
// Usage: node readability_js.js PAGES_DIR PREDICTIONS.json
// Prints one line in the format of extract_bench. Timed: jsdom parse +
// Readability.parse() per page (what a Node user of Readability runs).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [dir, outPath] = process.argv.slice(2);
const names = fs.readdirSync(dir).filter((n) => n.endsWith('.html.gz')).sort();
const pages = names.map((n) => ({
  id: n.slice(0, -8),
  html: zlib.gunzipSync(fs.readFileSync(path.join(dir, n))).toString('utf8'),
}));
const mb = pages.reduce((a, p) => a + Buffer.byteLength(p.html) / 1e6, 0);
const vc = new VirtualConsole();
const pred = {};
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (const p of pages) {
  let text = '';
  try {
    const dom = new JSDOM(p.html, { virtualConsole: vc });
    const art = new Readability(dom.window.document).parse();
    text = art && art.textContent ? art.textContent : '';
    dom.window.close();
  } catch (e) {
    text = '';
  }
  pred[p.id] = { articleBody: text };
}
const dt = Number(process.hrtime.bigint() - t0) / 1e9;
const cu = process.cpuUsage(c0);
const ct = (cu.user + cu.system) / 1e6;
fs.writeFileSync(outPath, JSON.stringify(pred));
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`readability-js pages=${pages.length} rounds=1 pages_per_s=${(pages.length / dt).toFixed(1)} ` +
  `mb_per_s=${(mb / dt).toFixed(1)} peak_rss_mb=${rss.toFixed(1)} cpu_pages_per_s=${(pages.length / ct).toFixed(1)}`);
