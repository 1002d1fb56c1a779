// Debian's Chromium through playwright-core, with the flags the SDK's browser test uses: headless, no
// sandbox (root in CI), and nothing that reaches out on its own (sync, component updates, QUIC).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Why the browser cannot run here, or false when it can (for a test's `skip`). */
export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : "Debian's chromium is not installed (node scripts/bootstrap.mjs installs it)";
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * A full-page screenshot of the console at `url` once it has drawn, in a given colour scheme. The page
 * tells when it has drawn with the vigil-rendered event; the sign-in picker has no such event.
 */
export async function screenshotConsole(browser: Browser, url: string, path: string, colorScheme: "light" | "dark" = "light") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector("vigil-dashboard .cards, vigil-dashboard .refusal, vigil-dashboard .empty", { timeout: 20_000 });
    await page.waitForTimeout(150);
    await page.screenshot({ path, fullPage: true });
  } finally {
    await context.close();
  }
}
