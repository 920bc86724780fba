// tests/browser/check.mjs: every page of a built handouts folder, opened in
// headless Chromium from file:// and checked as a reader would see it.
//   node check.mjs SITE SHOTS HANDOUT...
// SITE is the folder (build/handouts), SHOTS where the full-page screenshots
// go, HANDOUT the pages the index must link to (01-echo-io ...). Prints one
// result a line, fields separated by tabs: PASS what | FAIL what reason... |
// SKIP what why (tests/browser/run turns them into the kit's result lines).
// Exit 0 when nothing failed, 1 otherwise, 2 when the browser would not run.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CHROMIUM = process.env.SOCKLAB_CHROMIUM || '/usr/bin/chromium';
// Bounds, so that a hung browser fails the test instead of hanging it.
const LAUNCH_MS = 30000;
const LOAD_MS = 15000;
const SHOT_MS = 30000;
const PAGE_MS = 60000;
const VIEWPORT = { width: 1280, height: 800 };

let failures = 0;

// One result line; tabs and newlines inside a field would break the format.
function result(verdict, what, ...reasons) {
  if (verdict === 'FAIL') failures++;
  const clean = (s) => String(s).replace(/[\t\r\n]+/g, ' ');
  console.log([verdict, what, ...reasons].map(clean).join('\t'));
}

// check(what, reasons): PASS when there is no reason, else FAIL with them.
function check(what, reasons) {
  if (reasons.length === 0) result('PASS', what);
  else result('FAIL', what, ...reasons);
}

// withTimeout(promise, ms, what): the promise, or a rejection after ms.
function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// A relative href: no scheme, not protocol-relative.
const isRelative = (href) => !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href) && !href.startsWith('//');

// anchorIn(file, id): whether the HTML file holds an element with that id
// or name. Read as text: loading every target in the browser would be slow.
function anchorIn(file, id) {
  const html = readFileSync(file, 'utf8');
  const quoted = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\s(id|name)=["']${quoted}["']`).test(html);
}

// brokenLinks(page, pageFile, hrefs): why each relative href of the page
// leads nowhere: a missing file, or a #fragment the target does not hold.
async function brokenLinks(page, pageFile, hrefs) {
  const reasons = [];
  for (const href of hrefs.filter(isRelative)) {
    const url = new URL(href, pathToFileURL(pageFile));
    const target = fileURLToPath(url);
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (!existsSync(target) || !statSync(target).isFile()) {
      reasons.push(`link ${href}: no file ${relative(dirname(pageFile), target)}`);
    } else if (fragment && target === pageFile) {
      const found = await page.evaluate((id) => !!(document.getElementById(id) || document.getElementsByName(id).length), fragment);
      if (!found) reasons.push(`link ${href}: this page has no anchor #${fragment}`);
    } else if (fragment && !anchorIn(target, fragment)) {
      reasons.push(`link ${href}: ${relative(dirname(pageFile), target)} has no anchor #${fragment}`);
    }
  }
  return reasons;
}

// What the page shows, measured in the browser: links, images, SVGs.
function measure() {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { w: Math.round(r.width), h: Math.round(r.height) };
  };
  return {
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    images: [...document.images].map((img) => ({
      src: img.getAttribute('src'), complete: img.complete, natural: img.naturalWidth, ...box(img),
    })),
    svgs: [...document.querySelectorAll('svg')].filter((s) => !s.parentElement.closest('svg'))
      .map((s, i) => ({ name: s.id ? `#${s.id}` : `number ${i + 1}`, ...box(s) })),
    traceNote: document.querySelector('.trace-note')?.textContent.trim() ?? null,
    traceImage: !!document.querySelector('.trace img'),
  };
}

// whyTrivial(browser, png): why the screenshot PNG is not a real render,
// or null. Sampled in the browser (a data: URL, so the canvas is readable):
// a blank page is one colour, a rendered handout has text, rules, pictures.
async function whyTrivial(browser, png) {
  if (!existsSync(png)) return 'no screenshot was written';
  const bytes = readFileSync(png);
  if (bytes.length < 1000) return `the screenshot is only ${bytes.length} bytes`;
  const page = await browser.newPage();
  try {
    const stats = await withTimeout(page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const w = 320;
      const h = Math.max(1, Math.round(img.naturalHeight * w / img.naturalWidth));
      const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, w, h);
      const data = ctx.getImageData(0, 0, w, h).data;
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        // 4 bits a channel: anti-aliasing noise is not a colour of its own.
        const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      return { width: img.naturalWidth, height: img.naturalHeight, colours: counts.size,
        dominant: Math.max(...counts.values()) / (data.length / 4) };
    }, `data:image/png;base64,${bytes.toString('base64')}`), SHOT_MS, 'sampling the screenshot');
    if (stats.colours < 4 || stats.dominant > 0.995) {
      return `the screenshot (${stats.width}x${stats.height}) is all one colour: ` +
        `${stats.colours} colours, the commonest covers ${(stats.dominant * 100).toFixed(1)}%`;
    }
    return null;
  } finally {
    await page.close();
  }
}

// checkPage(browser, site, shots, file): every result of one page.
async function checkPage(browser, site, shots, file) {
  const name = relative(site, file);
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  const external = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  // The pages must work offline: a request for anything but a local file
  // is a failure, and is stopped before it reaches the network.
  await context.route((url) => !/^(file|data|about):/.test(url.href), (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  try {
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: LOAD_MS });
    } catch (err) {
      result('FAIL', `${name}: loads`, err.message.split('\n')[0]);
      return;
    }
    const m = await page.evaluate(measure);
    check(`${name}: loads`, [
      ...(m.title ? [] : ['the page has no <title>']),
      ...(m.h1 === 1 ? [] : [`the page has ${m.h1} <h1> headings, not 1`]),
      ...external.map((url) => `it asks the network for ${url}: the pages must work offline`),
    ]);
    check(`${name}: no console errors, no page errors`, errors);
    const relativeLinks = m.hrefs.filter(isRelative).length;
    check(`${name}: ${relativeLinks} relative links resolve`, await brokenLinks(page, file, m.hrefs));
    check(`${name}: ${m.images.length} images load`, m.images
      .filter((i) => !i.complete || i.natural === 0)
      .map((i) => `image ${i.src} did not load (complete: ${i.complete}, naturalWidth: ${i.natural})`));
    const svgImages = m.images.filter((i) => /\.svg$/i.test(i.src));
    check(`${name}: ${m.svgs.length + svgImages.length} SVGs render`, [
      ...m.svgs.filter((s) => s.w === 0 || s.h === 0).map((s) => `inline svg ${s.name} is ${s.w}x${s.h}`),
      ...svgImages.filter((i) => i.w === 0 || i.h === 0 || i.natural === 0)
        .map((i) => `picture ${i.src} is ${i.w}x${i.h} on the page (naturalWidth ${i.natural})`),
    ]);
    if (m.traceNote !== null) result('SKIP', `${name}: the reference's trace`, m.traceNote.replace(/^No trace on this page:\s*/, ''));
    else if (m.traceImage) result('PASS', `${name}: shows the reference's trace`);
    const png = join(shots, name.replace(/\.html$/, '.png'));
    let why;
    try {
      await page.screenshot({ path: png, fullPage: true, timeout: SHOT_MS });
      why = await whyTrivial(browser, png);
    } catch (err) {
      why = `no screenshot: ${err.message.split('\n')[0]}`;
    }
    check(`${name}: screenshot ${relative(process.cwd(), png)}`, why ? [why] : []);
  } finally {
    await context.close();
  }
}

// checkIndex(site, handouts): the index links to every handout's page.
function checkIndex(site, handouts) {
  const index = join(site, 'index.html');
  if (!existsSync(index)) {
    result('FAIL', 'index.html links to every handout', 'there is no index.html');
    return;
  }
  const html = readFileSync(index, 'utf8');
  const hrefs = new Set([...html.matchAll(/<a\s[^>]*href="([^"#]*)/g)].map((x) => x[1]));
  check(`index.html links to every handout (${handouts.length})`,
    handouts.filter((h) => !hrefs.has(`${h}.html`)).map((h) => `no link to ${h}.html`));
}

// checkPicture(browser, site, file): an SVG file opened by itself parses
// and draws something (an img shows a parse error only as a broken image).
async function checkPicture(browser, site, file) {
  const name = relative(site, file);
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: LOAD_MS });
    const m = await page.evaluate(() => {
      const root = document.documentElement;
      const error = document.querySelector('parsererror');
      const r = root.getBoundingClientRect();
      return { root: root.localName, error: error ? error.textContent.trim().slice(0, 200) : null,
        w: Math.round(r.width), h: Math.round(r.height) };
    });
    check(`${name} parses as SVG and has a size`, [
      ...(m.error ? [`XML error: ${m.error}`] : []),
      ...(m.root === 'svg' ? [] : [`its root element is <${m.root}>, not <svg>`]),
      ...(m.w > 0 && m.h > 0 ? [] : [`it draws ${m.w}x${m.h}`]),
    ]);
  } catch (err) {
    result('FAIL', `${name} parses as SVG and has a size`, err.message.split('\n')[0]);
  } finally {
    await page.close();
  }
}

const files = (dir, ext) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => join(dir, f)) : []);

async function main() {
  const [site, shots, ...handouts] = process.argv.slice(2).map((a, i) => (i < 2 ? resolve(a) : a));
  if (!site || !shots) {
    console.error('usage: node check.mjs SITE SHOTS HANDOUT...');
    process.exit(2);
  }
  mkdirSync(shots, { recursive: true });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: LAUNCH_MS,
      // Belt and braces with the routes above: anything that still went
      // for the network would meet a closed port on loopback.
      args: ['--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>'],
    });
  } catch (err) {
    result('FAIL', `Chromium starts (${CHROMIUM})`, err.message.split('\n')[0]);
    process.exit(2);
  }
  try {
    checkIndex(site, handouts);
    for (const file of files(site, '.html')) {
      try {
        await withTimeout(checkPage(browser, site, shots, file), PAGE_MS, `checking ${relative(site, file)}`);
      } catch (err) {
        result('FAIL', `${relative(site, file)}: checked in time`, err.message);
      }
    }
    for (const dir of ['pictures', 'traces']) {
      for (const file of files(join(site, dir), '.svg')) await checkPicture(browser, site, file);
    }
  } finally {
    await browser.close();
  }
  process.exit(failures ? 1 : 0);
}

main();
