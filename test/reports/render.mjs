// Render one HTML report in headless Chromium through the DevTools
// protocol and write what the browser saw:
//
//   node [--experimental-websocket] test/reports/render.mjs REPORT.html OUT [WIDTH HEIGHT [SELECTOR]]
//
// OUT.png   a screenshot of the viewport (WIDTH x HEIGHT CSS pixels, default
//           an A4 page at 96 dpi: 794 x 1123)
// OUT.pdf   the report printed (A4, the report's own @page rules)
// OUT.json  {requests, console, exceptions, log, scripts, fonts, bars, points}:
//           every request but the page itself, console messages,
//           uncaught exceptions, browser log entries, the number of
//           script elements, the platform fonts that drew the text of
//           SELECTOR (default h1), and the rendered height of every
//           bar and the position of every point of the SVG charts.
//
// Chromium runs with a fresh profile that is removed afterwards; no
// dependency beyond Node's built-in WebSocket (Node 22; Node 20 and 21 need the flag).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const [file, out, width = '794', height = '1123', selector = 'h1'] = process.argv.slice(2);
if (!file || !out) {
	console.error('usage: render.mjs REPORT.html OUT [WIDTH HEIGHT [SELECTOR]]');
	process.exit(2);
}
const pageUrl = pathToFileURL(resolve(file)).href;
const profile = mkdtempSync('/tmp/ar2c-chromium-');
const browser = spawn('chromium', [
	'--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
	'--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--disable-default-apps', '--mute-audio',
	'--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore'], detached: true });

// Stop the browser, wait for it to be gone, and remove its profile.
async function finish(code) {
	if (browser.exitCode === null && browser.signalCode === null) {
		const gone = new Promise((ok) => browser.once('exit', ok));
		// the browser and its helpers are one process group of their own
		try { process.kill(-browser.pid, 'SIGKILL'); } catch { /* gone already */ }
		await Promise.race([gone, sleep(5000)]);
	}
	await sleep(200);
	try {
		rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
	} catch (e) {
		console.error(`render.mjs: ${profile} left behind: ${e.message}`);
	}
	process.exit(code);
}
const deadline = setTimeout(() => { console.error('render.mjs: timed out'); finish(1); }, 60000);
// Node's WebSocket does not hold the event loop open: this does, so that
// an answer awaited is never cut short by an empty loop (exit code 13)
const keepAlive = setInterval(() => {}, 1000);

// the browser writes its port and path once it listens
let endpoint;
for (let i = 0; i < 300 && !endpoint; i++) {
	const f = `${profile}/DevToolsActivePort`;
	if (existsSync(f)) {
		const [port, path] = readFileSync(f, 'utf8').split('\n');
		if (port && path) endpoint = `ws://127.0.0.1:${port}${path}`;
	}
	if (!endpoint) await sleep(100);
}
if (!endpoint) { console.error('render.mjs: chromium did not start'); await finish(1); }

const ws = new WebSocket(endpoint);
await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
let nextId = 1;
const pending = new Map();
const waiters = [];
const seen = { requests: [], console: [], exceptions: [], log: [] };
ws.onmessage = (message) => {
	const m = JSON.parse(message.data);
	if (m.id && pending.has(m.id)) {
		const { ok, fail } = pending.get(m.id);
		pending.delete(m.id);
		if (m.error) fail(new Error(JSON.stringify(m.error))); else ok(m.result);
		return;
	}
	const p = m.params || {};
	if (m.method === 'Network.requestWillBeSent' && p.request.url !== pageUrl) seen.requests.push(p.request.url);
	if (m.method === 'Runtime.consoleAPICalled')
		seen.console.push({ type: p.type, text: (p.args || []).map((a) => a.value ?? a.description).join(' ') });
	if (m.method === 'Runtime.exceptionThrown') seen.exceptions.push(p.exceptionDetails.text);
	if (m.method === 'Log.entryAdded') seen.log.push({ level: p.entry.level, text: p.entry.text, url: p.entry.url });
	for (const w of waiters.filter((w) => w.method === m.method)) { waiters.splice(waiters.indexOf(w), 1); w.ok(p); }
};
const send = (method, params = {}, sessionId) => new Promise((ok, fail) => {
	const id = nextId++;
	pending.set(id, { ok, fail });
	ws.send(JSON.stringify({ id, method, params, sessionId }));
});
const event = (method) => new Promise((ok) => waiters.push({ method, ok }));

try {
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
	const s = (method, params) => send(method, params, sessionId);
	for (const domain of ['Page', 'Network', 'Runtime', 'Log', 'DOM', 'CSS']) await s(`${domain}.enable`);
	await s('Emulation.setDeviceMetricsOverride',
		{ width: Number(width), height: Number(height), deviceScaleFactor: 1, mobile: false });
	const loaded = event('Page.loadEventFired');
	await s('Page.navigate', { url: pageUrl });
	await loaded;
	// fonts load before the pictures are taken
	await s('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => true)', awaitPromise: true });

	const geometry = await s('Runtime.evaluate', {
		returnByValue: true,
		expression: `JSON.stringify({
			scripts: document.scripts.length,
			title: document.title,
			bars: [...document.querySelectorAll('svg rect.bar')].map((r) => ({
				chart: r.closest('section') ? r.closest('section').id : null,
				category: r.dataset.category, series: r.dataset.series, value: Number(r.dataset.value),
				height: r.getBoundingClientRect().height, svgHeight: r.height.baseVal.value })),
			points: [...document.querySelectorAll('svg circle.point')].map((c) => ({
				chart: c.closest('figure') ? [...c.closest('section').querySelectorAll('figure')].indexOf(c.closest('figure')) : null,
				series: c.dataset.series, value: Number(c.dataset.value), cy: c.cy.baseVal.value })),
		})`,
	});
	const { root } = await s('DOM.getDocument', { depth: 0 });
	const { nodeId } = await s('DOM.querySelector', { nodeId: root.nodeId, selector });
	const fonts = nodeId ? (await s('CSS.getPlatformFontsForNode', { nodeId })).fonts : [];

	const shot = await s('Page.captureScreenshot', { format: 'png' });
	writeFileSync(`${out}.png`, Buffer.from(shot.data, 'base64'));
	const pdf = await s('Page.printToPDF', { printBackground: true, preferCSSPageSize: true });
	writeFileSync(`${out}.pdf`, Buffer.from(pdf.data, 'base64'));
	writeFileSync(`${out}.json`, JSON.stringify({ ...seen, ...JSON.parse(geometry.result.value), fonts }, null, 1));
	clearTimeout(deadline);
	clearInterval(keepAlive);
	// a browser closed by the protocol leaves no helper behind
	const gone = new Promise((ok) => browser.once('exit', ok));
	await send('Browser.close').catch(() => {});
	await Promise.race([gone, sleep(5000)]);
	ws.close();
} catch (e) {
	console.error(`render.mjs: ${e && e.stack ? e.stack : String(e)}`);
	await finish(1);
}
await finish(0);
