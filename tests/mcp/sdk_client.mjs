// End-to-end MCP test with the official TypeScript SDK client. Plays tinyops task srv-001 with its
// reference calls over streamable HTTP (against a running `opsgym serve`) and over stdio (spawning
// `opsgym mcp`), finishes, and checks the verification result.
// Usage: node sdk_client.mjs --url http://127.0.0.1:PORT --opsgym /path/to/opsgym --home FIXTURE_HOME
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, word, i, all) => (word.startsWith("--") ? [...pairs, [word.slice(2), all[i + 1]]] : pairs), []),
);
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

function parse(result) {
  assert.equal(result.content[0].type, "text");
  return JSON.parse(result.content[0].text);
}

// The reference solution of srv-001 (tests/server/fixtures/environments/tinyops/tasks/srv-001.yaml).
async function playReference(client) {
  const listed = await client.callTool({ name: "list_tickets", arguments: { state: "open" } });
  assert.equal(listed.isError, false);
  const first = parse(listed).items[0].number;
  assert.equal(first, "OPS-1");
  const assigned = await client.callTool({ name: "assign_ticket", arguments: { number: first, owner: "sam" } });
  assert.equal(assigned.isError, false);
  assert.deepEqual(assigned.structuredContent, { number: "OPS-1", owner: "sam" });
  const closed = await client.callTool({ name: "close_ticket", arguments: { number: "OPS-1", note: "Old artifacts removed" } });
  assert.equal(closed.isError, false);
}

async function exercise(client, label) {
  await check(`${label}: server identifies itself and gives the task as instructions`, async () => {
    assert.equal(client.getServerVersion().name, "opsgym");
    assert.match(client.getInstructions(), /OPS-1/);
  });
  await check(`${label}: tools/list has the task's tools and finish`, async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["assign_ticket", "close_ticket", "finish", "list_tickets"]);
    for (const t of tools) assert.equal(t.inputSchema.type, "object");
  });
  await check(`${label}: ping`, async () => {
    await client.ping();
  });
  await check(`${label}: an unknown tool is a JSON-RPC error`, async () => {
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e) => e.code === -32602);
  });
  await check(`${label}: a tool failure is a result with isError`, async () => {
    const r = await client.callTool({ name: "close_ticket", arguments: { number: "OPS-4", note: "again" } });
    assert.equal(r.isError, true);
    assert.equal(parse(r).error.code, "invalid_state");
  });
  await check(`${label}: the reference calls solve the task and finish verifies it`, async () => {
    await playReference(client);
    const fin = await client.callTool({ name: "finish", arguments: { answer: "Assigned OPS-1 to sam and closed it.", status: "done" } });
    assert.equal(fin.isError, false);
    assert.equal(fin.structuredContent.success, true);
    assert.equal(fin.structuredContent.reward, 1);
  });
}

async function overHttp() {
  const client = new Client({ name: "opsgym-e2e", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${args.url}/mcp?task=srv-001&seed=1`));
  await client.connect(transport);
  const session = transport.sessionId;
  await check("http: the server gave a session id", async () => assert.match(session, /^ep-/));
  await exercise(client, "http");
  await check("http: the result is readable through the gym API", async () => {
    const r = await fetch(`${args.url}/v1/episodes/${session}/result`);
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.frontend, "mcp");
    assert.equal(body.score.success, true);
  });
  await check("http: DELETE ends the session", async () => {
    await transport.terminateSession();
    const r = await fetch(`${args.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    assert.equal(r.status, 404);
  });
  await client.close();
}

async function overStdio() {
  const client = new Client({ name: "opsgym-e2e-stdio", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: args.opsgym,
    args: ["mcp", "--task", "srv-001"],
    env: { ...process.env, OPSGYM_HOME: args.home },
    stderr: "pipe",
  });
  await client.connect(transport);
  await exercise(client, "stdio");
  await client.close();
}

async function openEnvWebSocket() {
  if (typeof WebSocket === "undefined") {
    console.log("skip openenv websocket: this Node has no WebSocket client");
    return;
  }
  await check("openenv: a WebSocket session plays the task", async () => {
    const ws = new WebSocket(`${args.url.replace("http", "ws")}/ws`);
    const replies = [];
    let wake;
    ws.onmessage = (m) => { replies.push(JSON.parse(m.data)); if (wake) wake(); };
    await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
    const send = async (m) => {
      const want = replies.length + 1;
      ws.send(JSON.stringify(m));
      while (replies.length < want) await new Promise((ok) => (wake = ok));
      return replies[want - 1];
    };
    const reset = await send({ type: "reset", data: { task: "srv-001", seed: 1 } });
    assert.equal(reset.type, "observation");
    await send({ type: "step", data: { type: "call_tool", tool_name: "assign_ticket", arguments: { number: "OPS-1", owner: "sam" } } });
    await send({ type: "step", data: { type: "call_tool", tool_name: "close_ticket", arguments: { number: "OPS-1", note: "Old artifacts removed" } } });
    const state = await send({ type: "state" });
    assert.equal(state.data.step_count, 2);
    const fin = await send({ type: "step", data: { type: "finish", answer: "Closed OPS-1", status: "done" } });
    assert.equal(fin.data.done, true);
    assert.equal(fin.data.reward, 1);
    const bad = await send({ type: "nonsense" });
    assert.equal(bad.type, "error");
    ws.send(JSON.stringify({ type: "close" }));
    await new Promise((ok) => (ws.onclose = ok));
  });
}

try {
  if (args.url) await overHttp();
  if (args.url) await openEnvWebSocket();
  if (args.opsgym) await overStdio();
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
