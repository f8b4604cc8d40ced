// Drives code-server in headless Chromium: diagnostics in the Problems panel, a hover, a quick-fix,
// a hover beside pyright, the schema panel.
// Started by run.sh with URL (code-server's ?folder= URL), PROJ (the project copy), SHOTS, CHROMIUM.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const URL = process.env.URL;
const PROJ = process.env.PROJ;
const SHOTS = process.env.SHOTS;
const mod = process.platform === "darwin" ? "Meta" : "Control";
const TIMEOUT = 90_000;

const log = (...a) => console.error("[e2e.mjs]", ...a);
const norm = (s) => (s ?? "").replace(/\u00a0/g, " ");

const queries = fs.readFileSync(path.join(PROJ, "shop/queries.py"), "utf8").split("\n");
const lineOf = (pred) => {
  const i = queries.findIndex(pred);
  if (i < 0) throw new Error("fixture changed: line not found");
  return i + 1;
};
const everything = lineOf((l) => l.startsWith("def everything"));
const stmtLine = lineOf((l, i) => i >= everything && /^\s+stmt = select\(/.test(l));
const stmtCol = queries[stmtLine - 1].indexOf("stmt") + 1;
const getLine = lineOf((l) => l.includes("session.query(Customer).get(customer_id)"));
const getCol = queries[getLine - 1].indexOf("session.query") + 1;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(TIMEOUT);
page.on("pageerror", (e) => log("page error:", e.message));

let failed = false;
try {
  log("open", URL);
  await page.goto(URL);
  await page.locator(".monaco-workbench").waitFor();
  await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor().catch(() => {});
  await page.waitForTimeout(2000);

  // Quick open shop/queries.py.
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press(`${mod}+P`);
  const quickInput = page.locator(".quick-input-widget input");
  await quickInput.waitFor({ state: "visible" });
  await quickInput.fill("shop/queries.py");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "queries.py" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: "queries.py" }).waitFor();
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await editor.locator(".view-lines").waitFor();
  log("queries.py open");

  // Problems panel: wait for an SQA109 finding.
  await page.keyboard.press(`${mod}+Shift+M`);
  // The list is virtualized (models.py's findings may come first): filter it to the code.
  const filter = page.locator(".markers-panel-action-filter input, .viewpane-filter input").first();
  await filter.waitFor({ state: "visible" });
  await filter.fill("SQA109");
  const sqa109 = page.locator(".markers-panel .monaco-list-row", { hasText: "SQA109" }).first();
  await sqa109.waitFor();
  log("Problems:", norm(await sqa109.innerText()).replace(/\s+/g, " "));
  // Listed once (pushed and pulled diagnostics would show it twice).
  await page.waitForTimeout(1500);
  const rows = await page.locator(".markers-panel .monaco-list-row", { hasText: "SQA109" }).count();
  if (rows !== 1) throw new Error(`SQA109 is listed ${rows} times in the Problems panel`);
  await page.screenshot({ path: path.join(SHOTS, "problems.png") });
  // Clear the filter, so later screenshots show every finding (not "Showing 0 of 37").
  await filter.fill("");

  const goTo = async (line, col) => {
    await editor.locator(".view-lines").click();
    await page.keyboard.press(`${mod}+G`);
    await quickInput.waitFor({ state: "visible" });
    await quickInput.fill(`:${line}:${col}`);
    await page.keyboard.press("Enter");
    await quickInput.waitFor({ state: "hidden" });
  };

  // Hover `stmt` in `def everything`: put the cursor on it, then move the mouse there.
  await goTo(stmtLine, stmtCol + 1);
  const cursor = editor.locator(".cursors-layer .cursor").first();
  const box = await cursor.boundingBox();
  const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "Select[" });
  await page.mouse.move(box.x + 2, box.y + box.height / 2, { steps: 5 });
  let hoverText;
  try {
    await hover.first().waitFor({ timeout: 20_000 });
  } catch {
    log("no mouse hover yet; trying editor.action.showHover on the cursor");
    await page.keyboard.press(`${mod}+K`);
    await page.keyboard.press(`${mod}+I`);
    await hover.first().waitFor();
  }
  hoverText = norm(await hover.first().innerText());
  log("hover:", hoverText.slice(0, 300).replace(/\n/g, " | "));
  if (!hoverText.includes("Select[")) throw new Error("hover lacks `Select[`");
  await page.screenshot({ path: path.join(SHOTS, "hover.png") });
  await page.keyboard.press("Escape");
  await page.mouse.move(5, 5);

  // Quick-fix on the `session.query(Customer).get(customer_id)` line.
  await goTo(getLine, getCol + 2);
  await page.keyboard.press(`${mod}+.`);
  const fix = page.locator(".action-widget .monaco-list-row", { hasText: "session.get(Customer" }).first();
  await fix.waitFor();
  log("quick-fix:", norm(await fix.innerText()));
  await page.screenshot({ path: path.join(SHOTS, "quickfix-menu.png") });
  // A plain click waits for the animated menu to be "stable"; hover (which focuses the row) + Enter.
  await fix.hover({ force: true });
  await page.keyboard.press("Enter");
  const want = "session.get(Customer, customer_id)";
  await page.waitForFunction(
    (w) => [...document.querySelectorAll(".editor-instance .view-lines")].some(
      (e) => e.textContent.replace(/\u00a0/g, " ").includes(w)),
    want,
  );
  log("editor text has", want);
  await page.screenshot({ path: path.join(SHOTS, "quickfix.png") });
  await page.keyboard.press(`${mod}+S`);
  const deadline = Date.now() + 15_000;
  while (!fs.readFileSync(path.join(PROJ, "shop/queries.py"), "utf8").includes(`return ${want}`)) {
    if (Date.now() > deadline) throw new Error("the saved file lacks the fix");
    await new Promise((r) => setTimeout(r, 250));
  }
  log("saved file has the fix");

  // Beside a type checker (pyright's language server, standing in for Pylance): sqla's hover leaves
  // out the type line pyright shows and adds what pyright lacks.
  // As a workspace setting (code-server does not notice the user settings file changing under it).
  fs.mkdirSync(path.join(PROJ, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(PROJ, ".vscode", "settings.json"), JSON.stringify({ "sqla.hover.typeLine": "hide" }));
  await page.keyboard.press("F1");
  await quickInput.waitFor({ state: "visible" });
  await quickInput.fill(">Pyright (e2e): Start");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "Pyright (e2e): Start" }).first().waitFor();
  await page.keyboard.press("Enter");
  await quickInput.waitFor({ state: "hidden" });
  log("pyright started");
  // Each provider's part is a section of its own in the hover widget.
  const both = page.locator(".monaco-hover:not(.hidden)", { hasText: "sqla-analyzer infers" });
  let sections = [];
  const until = Date.now() + 90_000;
  while (!sections.some((s) => s.includes("(variable) stmt: Select[Any]") && !s.includes("sqla-analyzer"))) {
    if (Date.now() > until) throw new Error(`no hover from pyright beside sqla's; last: ${JSON.stringify(sections)}`);
    await page.keyboard.press("Escape");
    await page.mouse.move(5, 5);
    await goTo(stmtLine, stmtCol + 1);
    const at = await editor.locator(".cursors-layer .cursor").first().boundingBox();
    await page.mouse.move(at.x + 2, at.y + at.height / 2, { steps: 5 });
    sections = await both.first().waitFor({ timeout: 10_000 }).then(
      () => both.first().locator(".hover-row.markdown-hover, .hover-contents").allInnerTexts(),
      () => [],
    );
    sections = [...new Set(sections.map(norm))];
  }
  log("hover beside pyright:", JSON.stringify(sections).slice(0, 500));
  const combined = sections.join("\n");
  const typeLines = combined.split("(variable) stmt:").length - 1;
  if (typeLines !== 1) throw new Error(`the type line shows ${typeLines} times beside pyright`);
  const ours = sections.find((s) => s.includes("sqla-analyzer infers")) ?? "";
  if (ours.includes("(variable)")) throw new Error("sqla's part repeats the type line");
  for (const part of ["Type checkers see Select[Any]", "sqla-analyzer infers", "placed_at"]) {
    if (!ours.replace(/`/g, "").includes(part)) throw new Error(`sqla's part beside pyright lacks ${part}`);
  }
  // The hover fades in: let it settle before the picture (README shows it).
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(SHOTS, "hover-beside-pyright.png") });
  await page.keyboard.press("Escape");
  await page.mouse.move(5, 5);

  // "SQLAlchemy: Show Schema": the server's SVG of every model in a webview beside the editor.
  await page.keyboard.press("F1");
  await quickInput.waitFor({ state: "visible" });
  await quickInput.fill(">SQLAlchemy: Show Schema");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "SQLAlchemy: Show Schema" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab", { hasText: "SQLAlchemy Schema" }).waitFor();
  const webview = page.frameLocator("iframe.webview.ready").frameLocator("iframe");
  for (const model of ["Customer", "Address", "Order", "OrderLine"]) {
    await webview.locator("svg g title", { hasText: new RegExp(`^${model}$`) }).first().waitFor({ state: "attached" });
  }
  log("schema panel shows every model");
  // For the picture: the schema's editor group alone, without the side bar and the panel.
  await page.locator(".tab", { hasText: "SQLAlchemy Schema" }).click();
  await page.keyboard.press(`${mod}+B`);
  await page.keyboard.press(`${mod}+J`);
  await page.keyboard.press("F1");
  await quickInput.waitFor({ state: "visible" });
  await quickInput.fill(">View: Toggle Maximize Editor Group");
  const maximize = page.locator(".quick-input-list .monaco-list-row", { hasText: "Toggle Maximize Editor Group" }).first();
  if (await maximize.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
    await page.keyboard.press("Enter");
  } else {
    await page.keyboard.press("Escape");
  }
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(SHOTS, "schema.png"), clip: { x: 0, y: 0, width: 1000, height: 420 } });
  console.log("e2e: 1 passed, 0 failed");
} catch (e) {
  failed = true;
  log("FAILED:", e.stack || e.message);
  await page.screenshot({ path: path.join(SHOTS, "failure.png") }).catch(() => {});
  console.log("e2e: 0 passed, 1 failed");
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
