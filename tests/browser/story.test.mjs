// story.test.mjs: what a person sees in a browser, on the five seeds.
// Loads the front page and the story page in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), checks the visible text,
// that there is no script at all, that the layout fits a phone, and keeps
// screenshots as artefacts.
// usage: node story.test.mjs BASE_URL ARTEFACT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2];
const out = process.argv[3] || 'artefacts';
mkdirSync(out, { recursive: true });
let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  desktop.on('pageerror', (e) => errors.push(String(e)));
  desktop.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // Front page: the seeds' one story, with its outlet count.
  let res = await desktop.goto(base + '/');
  check(res.status() === 200, 'front page answers 200');
  const story = desktop.locator('li.story').first();
  check(await desktop.locator('li.story').count() === 1, 'front page lists one story');
  const storyText = await story.innerText();
  check(/Blinken/.test(storyText), 'the story title mentions Blinken');
  check(/5 outlets/.test(storyText), 'the story shows 5 outlets');
  await desktop.screenshot({ path: `${out}/front.png`, fullPage: true });

  // The story page, reached by clicking like a reader would.
  await story.locator('a.title').click();
  await desktop.waitForLoadState('load');
  check(/\/stories\/\d+$/.test(desktop.url()), 'clicking the title opens the story page');
  const h1 = await desktop.locator('h1').innerText();
  check(/Blinken/.test(h1), `story heading: ${h1}`);
  const cards = desktop.locator('#coverage .card');
  check(await cards.count() === 5, 'coverage shows five articles side by side');
  const coverage = await desktop.locator('#coverage').innerText();
  for (const outlet of ['One America News', 'Asia Financial', 'Inquirer News']) {
    check(coverage.toLowerCase().includes(outlet.toLowerCase()), `coverage names ${outlet}`);
  }
  const boxes = [];
  for (let i = 0; i < 2; i++) boxes.push(await cards.nth(i).boundingBox());
  check(boxes[0] && boxes[1] && Math.abs(boxes[0].y - boxes[1].y) < 2,
        'on a wide screen the cards sit side by side');
  const headings = await desktop.locator('h2').allInnerTexts();
  check(headings.includes('Coverage'), 'a Coverage section');
  check(headings.includes('Timeline of coverage'), 'a timeline');
  console.log('  sections: ' + headings.join(' | '));
  // The comparison, as the seeds' EXPECTED.md describes it.
  if (await desktop.locator('#claims').count()) {
    const cols = await desktop.locator('#claims thead th').count();
    check(cols === 2 + 5, `the claims table has a column per outlet (${cols - 2})`);
    const dissent = (await desktop.locator('#claims td.minority').allInnerTexts()).join(' | ');
    check(/Anchorage/.test(dissent), `the odd one out is marked: ${dissent}`);
    check(await desktop.locator('#summary a.cite').count() > 0, 'the summary cites its sources');
    const quotes = await desktop.locator('#quotes').innerText();
    check(/Blinken/.test(quotes), 'quotes are grouped by speaker');
  } else {
    check(false, 'the story page shows the comparison of the outlets');
  }
  const timeline = await desktop.locator('ol.timeline li').count();
  check(timeline === 5, 'the timeline lists every article');
  // Issue 12: the SVG timeline plots the two seeds with a publish time and
  // lists the other three; speakers head their quotes once; the page is
  // short enough to scan (10,596 px before the sections were folded).
  const dots = await desktop.locator('svg.tl-chart circle.tl-dot').count();
  check(dots === 2, `the timeline plots the two dated articles (${dots})`);
  check(/No publish time/.test(await desktop.locator('.tl-undated').innerText()),
        'undated articles are listed beside the chart');
  const speakers = await desktop.locator('#quotes details.speaker > summary strong').allInnerTexts();
  check(speakers.length > 0 && new Set(speakers).size === speakers.length,
        `one heading per speaker (${speakers.length})`);
  check(await desktop.locator('#copies .sbs-row del, #copies .sbs-row ins').count() > 0,
        'shared passages side by side with the changes marked');
  const height = await desktop.evaluate(() => document.documentElement.scrollHeight);
  check(height < 6000, `the story page is short enough to scan (${height} px)`);
  check(await desktop.locator('script').count() === 0, 'the page carries no script');
  await desktop.screenshot({ path: `${out}/story-desktop.png`, fullPage: true });

  // An article page from the story.
  await cards.first().locator('h3 a').click();
  await desktop.waitForLoadState('load');
  const body = await desktop.locator('.body').innerText();
  check(body.length > 500, 'the article page shows the clean text');
  await desktop.screenshot({ path: `${out}/article.png`, fullPage: true });

  // Search with highlights.
  await desktop.goto(base + '/search?q=%22strategic+ambiguity%22');
  const marks = await desktop.locator('.snippet mark').allInnerTexts();
  check(marks.some((m) => /strategic/i.test(m)), 'search highlights the phrase');
  check(await desktop.locator('li.group h2 a').count() >= 1, 'results are grouped by story');
  await desktop.screenshot({ path: `${out}/search.png`, fullPage: true });
  check(errors.length === 0, 'no console errors: ' + errors.join('; '));

  // A phone: one column, nothing wider than the screen.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 },
                                        deviceScaleFactor: 2, isMobile: true });
  res = await phone.goto(desktop.url().replace(/\/search.*$/, '') + '/');
  await phone.locator('li.story a.title').first().click();
  await phone.waitForLoadState('load');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390 + 1, `story page fits a phone (scrollWidth ${width})`);
  const pc = phone.locator('#coverage .card');
  const b0 = await pc.nth(0).boundingBox(), b1 = await pc.nth(1).boundingBox();
  check(b0 && b1 && b1.y > b0.y + b0.height - 1, 'on a phone the cards stack');
  await phone.screenshot({ path: `${out}/story-phone.png`, fullPage: true });
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
