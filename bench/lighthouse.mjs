// Lighthouse's performance audit of public pages, on a phone (Lighthouse's default: a mid-range
// phone on a slow 4G network, simulated) and on a desktop, served as in production.
//
//   node bench/lighthouse.mjs [BASE_URL] [PATH ...]
//
// BASE_URL defaults to http://127.0.0.1:8000 (`make serve`); the paths to the home page and a
// round-table's. Each page is audited LIGHTHOUSE_RUNS times (3) per device, and the median run
// is reported: its score, its timings, what it transferred, and what Lighthouse says would save
// the most. The reports go to var/lighthouse/. Chromium is Debian's (CHROME_PATH, by default
// /usr/bin/chromium). See bench/README.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [base = "http://127.0.0.1:8000", ...given] = process.argv.slice(2);
const paths = given.length ? given : ["/", "/roundtables/bangkok-2018/"];
const runs = Number(process.env.LIGHTHOUSE_RUNS || 3);
const reports = join(root, "var", "lighthouse");
mkdirSync(reports, { recursive: true });

const CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking";
const DEVICES = { phone: [], desktop: ["--preset=desktop"] };

function audit(url, device, run) {
  const name = `${url.replace(/^https?:\/\//, "").replace(/[^\w]+/g, "-")}${device}-${run}.json`;
  const output = join(reports, name);
  const result = spawnSync(
    join(root, "node_modules", ".bin", "lighthouse"),
    [
      url,
      ...DEVICES[device],
      "--only-categories=performance",
      "--output=json",
      `--output-path=${output}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      "--quiet",
    ],
    { env: { CHROME_PATH: "/usr/bin/chromium", ...process.env }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`Lighthouse failed on ${url}:\n${result.stderr}`);
  return JSON.parse(readFileSync(output, "utf8"));
}

const seconds = (report, id) => (report.audits[id].numericValue / 1000).toFixed(2);
const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function summary(report) {
  const audits = report.audits;
  const savings = Object.values(audits)
    .filter(
      (audit) => audit.details?.overallSavingsMs > 0 || audit.details?.overallSavingsBytes > 0,
    )
    .sort((a, b) => (b.details.overallSavingsMs || 0) - (a.details.overallSavingsMs || 0))
    .slice(0, 4)
    .map((audit) => {
      const { overallSavingsMs: ms = 0, overallSavingsBytes: bytes = 0 } = audit.details;
      return `${audit.id} (${Math.round(ms)} ms, ${kilobytes(bytes)})`;
    });
  return [
    `score ${Math.round(report.categories.performance.score * 100)}`,
    `FCP ${seconds(report, "first-contentful-paint")} s`,
    `LCP ${seconds(report, "largest-contentful-paint")} s`,
    `TBT ${Math.round(audits["total-blocking-time"].numericValue)} ms`,
    `CLS ${audits["cumulative-layout-shift"].numericValue.toFixed(3)}`,
    `SI ${seconds(report, "speed-index")} s`,
    `transferred ${kilobytes(audits["total-byte-weight"].numericValue)}`,
    `savings: ${savings.join("; ") || "none"}`,
  ].join(" · ");
}

for (const path of paths) {
  for (const device of Object.keys(DEVICES)) {
    const audited = Array.from({ length: runs }, (_, run) => audit(base + path, device, run));
    audited.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const scores = audited.map((report) => Math.round(report.categories.performance.score * 100));
    const median = audited[Math.floor(runs / 2)];
    console.log(`${path} (${device}, runs ${scores.join(" ")}): ${summary(median)}`);
  }
}
