// The explorer page: DuckDB-WASM in a worker, one view per resource of the data package, each
// reading the site's own Parquet file over HTTP (range requests, so only the parts a query needs).
// Everything it loads comes from the site: the worker and the WebAssembly sit beside this module.
import * as duckdb from "@duckdb/duckdb-wasm";

const MAX_SHOWN = 1000; // rows drawn in the page; the CSV download holds them all

const config = JSON.parse(document.getElementById("explore-config").textContent);
const sqlBox = document.getElementById("sql");
const runButton = document.getElementById("run");
const status = document.getElementById("status");
const resultTable = document.getElementById("result");
const download = document.getElementById("download");

let connection = null;

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function quoteIdentifier(name) {
  return '"' + name.replaceAll('"', '""') + '"';
}

// The site stores the WebAssembly gzipped; a server may already have inflated it (it sent it with
// Content-Encoding: gzip), so the bytes are inflated only when they start with gzip's magic.
async function inflatedWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
  }
  return URL.createObjectURL(new Blob([bytes], { type: "application/wasm" }));
}

async function open() {
  const here = new URL(".", import.meta.url);
  const workerUrl = new URL("duckdb-browser-eh.worker.js", here).href;
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const wasmUrl = await inflatedWasm(new URL("duckdb-eh.wasm.gz", here));
  await db.instantiate(wasmUrl);
  URL.revokeObjectURL(wasmUrl);
  await db.open({ query: { castBigIntToDouble: true } });
  const conn = await db.connect();
  // Parquet is built into the bundle: never fetch an extension from the internet.
  await conn.query("SET autoinstall_known_extensions = false");
  await conn.query("SET autoload_known_extensions = false");
  for (const table of config.tables) {
    // a resource of a large package is one file per year (table.urls): one view over them all
    const urls = table.urls || [table.url];
    const files = urls.map((_, i) => (urls.length === 1 ? `${table.name}.parquet` : `${table.name}-${i}.parquet`));
    for (const [i, file] of files.entries()) {
      const url = new URL(urls[i], window.location.href).href;
      await db.registerFileURL(file, url, duckdb.DuckDBDataProtocol.HTTP, false);
    }
    const list = files.map((file) => `'${file}'`).join(", ");
    await conn.query(
      `CREATE VIEW ${quoteIdentifier(table.name)} AS SELECT * FROM read_parquet([${list}])`,
    );
  }
  return conn;
}

function text(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number" && !Number.isInteger(value)) return String(Math.round(value * 1e6) / 1e6);
  return String(value);
}

function csvField(value) {
  const s = text(value);
  return /[",\n\r]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

function show(columns, rows) {
  resultTable.replaceChildren();
  const head = resultTable.createTHead().insertRow();
  for (const name of columns) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = resultTable.createTBody();
  for (const row of rows.slice(0, MAX_SHOWN)) {
    const tr = body.insertRow();
    for (const name of columns) {
      const td = tr.insertCell();
      const value = row[name];
      td.textContent = text(value);
      if (value === null || value === undefined) td.className = "null";
    }
  }
  const csv = [columns.map(csvField).join(",")]
    .concat(rows.map((row) => columns.map((name) => csvField(row[name])).join(",")))
    .join("\r\n");
  if (download.href) URL.revokeObjectURL(download.href);
  download.href = URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }));
  download.hidden = false;
}

async function run() {
  const sql = sqlBox.value.trim();
  if (!sql) return;
  runButton.disabled = true;
  say("正在查询……");
  const started = performance.now();
  try {
    connection = connection || (await open());
    const table = await connection.query(sql);
    const columns = table.schema.fields.map((field) => field.name);
    const rows = table.toArray().map((row) => row.toJSON());
    show(columns, rows);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const shown = rows.length > MAX_SHOWN ? `，页面显示前 ${MAX_SHOWN} 行，CSV 含全部` : "";
    say(`共 ${rows.length} 行（${seconds} 秒${shown}）`);
    resultTable.dataset.rows = String(rows.length);
  } catch (error) {
    say(`查询出错：${error.message || error}`, true);
    resultTable.dataset.rows = "error";
  } finally {
    runButton.disabled = false;
  }
}

function start() {
  const capable =
    typeof WebAssembly === "object" &&
    typeof WebAssembly.Exception === "function" &&
    typeof DecompressionStream === "function";
  if (!capable) {
    say("这个浏览器版本较旧（不支持 WebAssembly 异常处理或解压缩流），无法运行查询；请使用较新版本的 Chrome、Edge、Firefox 或 Safari。", true);
    return;
  }
  runButton.addEventListener("click", run);
  sqlBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
  });
  for (const button of document.querySelectorAll("[data-query]")) {
    button.addEventListener("click", () => {
      sqlBox.value = config.queries[Number(button.dataset.query)].sql;
      run();
    });
  }
  runButton.disabled = false;
  say("就绪：写一条 SQL，或点一个现成的查询。");
}

start();
