// Takes the README screenshot (and a phone-width one for checking layout) of a running app.
// Usage: npm run build && npx vite preview --port 4173 &  npm run screenshot -- [url] [outDir]
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const outDir = process.argv[3] ?? 'public/readme';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
for (const [name, viewport] of [
  ['screenshot.png', { width: 1280, height: 900 }],
  ['screenshot-phone.png', { width: 360, height: 740 }],
]) {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.getByTestId('kv-per-token-table').waitFor();
  await page.screenshot({ path: `${outDir}/${name}`, fullPage: name.includes('phone') });
  await page.close();
}
await browser.close();
