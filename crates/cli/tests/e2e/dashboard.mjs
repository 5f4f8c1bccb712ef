// Drives the dashboard like a user: load, filter, click an event, read the evidence.
// Usage: node dashboard.mjs <base-url> <screenshot.png>
// Exits non-zero with a message on the first expectation that fails.
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const fail = (msg) => { console.error("dashboard e2e: " + msg); process.exit(1); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const external = [];
  page.on("request", (req) => { if (!req.url().startsWith(base)) external.push(req.url()); });
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));

  await page.goto(base, { waitUntil: "networkidle" });
  await page.waitForSelector("#events tbody tr", { timeout: 15000 }).catch(() => fail("no event rows after load"));
  const before = await page.locator("#events tbody tr").count();
  if ((await page.locator("#timeline circle, #timeline rect").count()) === 0) fail("timeline is empty");
  if ((await page.locator("#network circle").count()) === 0) fail("network has no actors");
  if ((await page.locator("#map path.land").count()) === 0) fail("map has no land outline");

  // Filter to conflict events (QuadClass 3: verbal conflict, 4: material conflict) involving Russia.
  await page.fill("input[name=actor]", "RUS*");
  await page.click("#apply");
  await page.waitForLoadState("networkidle");
  await page.waitForSelector("#events tbody tr", { timeout: 15000 }).catch(() => fail("no Russia events after filtering"));
  const rows = page.locator("#events tbody tr");
  const after = await rows.count();
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [tr.children[1].textContent, tr.children[3].textContent]));
  if (!cells.every(([s, t]) => s.startsWith("RUS") || t.startsWith("RUS"))) fail("filter RUS* let other actors through: " + JSON.stringify(cells));

  // Click the first event: the evidence panel shows the sentence with source, verb and target marked.
  await rows.first().click();
  await page.waitForSelector("#evidence:not([hidden])", { timeout: 5000 }).catch(() => fail("evidence panel did not open"));
  const predicate = await page.locator("#evidence-sentence mark.predicate").count();
  if (predicate !== 1) fail("evidence has no highlighted predicate");
  const marked = await page.locator("#evidence-sentence mark").count();
  if (marked < 2) fail("evidence highlights fewer than two of source/verb/target");
  const rule = await page.locator("#evidence-details").textContent();
  if (!rule.includes("Rule")) fail("evidence details lack the rule");

  if (external.length) fail("requests left the server: " + external.join(", "));
  if (errors.length) fail("page errors: " + errors.join("; "));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ rows_before: before, rows_after_filter: after, highlighted: marked }));
} finally {
  await browser.close();
}
