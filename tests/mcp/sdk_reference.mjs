// End-to-end MCP over the project's real environments: for every task of a plan, the official TypeScript
// SDK client opens a streamable HTTP session on a running `opsgym serve`, plays the task's reference calls
// (resolving "${2.number}" placeholders from earlier results, as the engine's reference agent does),
// finishes with the reference answer and expects success; for feasible tasks, a second session that
// finishes at once must fail (the verifier is not fooled by doing nothing).
// Usage: node sdk_reference.mjs --url http://127.0.0.1:PORT --plan plan.json
// plan.json: [{"task", "calls": [{"tool", "args"}], "answer", "status", "feasible"}]
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const argv = process.argv.slice(2);
const option = (name) => argv[argv.indexOf(`--${name}`) + 1];
const url = option("url");
const plan = JSON.parse(readFileSync(option("plan"), "utf8"));

// The engine's rules (engine/src/episode/reference_args.cpp): steps and array indices count from 1; a
// string that is exactly one placeholder takes the value's type, otherwise values are spliced as text.
function lookup(path, results) {
  const parts = path.split(".");
  const step = Number(parts[0]);
  if (!Number.isInteger(step) || step < 1 || step > results.length) throw new Error(`\${${path}}: no step ${parts[0]}`);
  let node = results[step - 1];
  for (const key of parts.slice(1)) {
    if (Array.isArray(node)) node = node[Number(key) - 1];
    else if (node !== null && typeof node === "object") node = node[key];
    else node = undefined;
    if (node === undefined) throw new Error(`\${${path}}: no '${key}'`);
  }
  return node;
}

function resolve(value, results) {
  if (typeof value === "string") {
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (whole) return lookup(whole[1], results);
    return value.replace(/\$\{([^}]+)\}/g, (_, path) => {
      const v = lookup(path, results);
      return typeof v === "string" ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, results));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, results)]));
  return value;
}

async function session(task) {
  const client = new Client({ name: "opsgym-e2e-reference", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp?task=${encodeURIComponent(task)}`));
  await client.connect(transport);
  return { client, transport };
}

async function end({ client, transport }) {
  await transport.terminateSession();
  await client.close();
}

let passed = 0;
let failed = 0;
for (const entry of plan) {
  try {
    const s = await session(entry.task);
    const { tools } = await s.client.listTools();
    const offered = new Set(tools.map((t) => t.name));
    const results = [];
    for (const call of entry.calls) {
      if (!offered.has(call.tool)) throw new Error(`tools/list lacks the reference tool ${call.tool}`);
      const r = await s.client.callTool({ name: call.tool, arguments: resolve(call.args, results) });
      results.push(JSON.parse(r.content[0].text));
    }
    const fin = await s.client.callTool({ name: "finish", arguments: { answer: entry.answer, status: entry.status } });
    await end(s);
    if (fin.isError || fin.structuredContent.success !== true) {
      const checks = (fin.structuredContent.checks || []).filter((c) => !c.passed);
      throw new Error(`reference did not succeed: ${JSON.stringify(checks)} ${JSON.stringify(fin.structuredContent.verifier_fault)}`);
    }
    if (entry.feasible) {
      const idle = await session(entry.task);
      const nothing = await idle.client.callTool({ name: "finish", arguments: { answer: "I did nothing.", status: "done" } });
      await end(idle);
      if (nothing.structuredContent.success !== false) throw new Error("doing nothing succeeded");
    }
    passed++;
    console.log(`ok   ${entry.task}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${entry.task}: ${e && e.stack ? e.stack : e}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
