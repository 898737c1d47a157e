// Bundle the explorer for the site: one ES module (DuckDB-WASM's API and Apache Arrow), the
// DuckDB worker and its WebAssembly, all from the pinned npm packages. Only the "eh" bundle
// (WebAssembly exception handling: every current browser) is shipped, to keep the site small.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const dist = new URL("./dist/", import.meta.url);
const duckdb = new URL("./node_modules/@duckdb/duckdb-wasm/dist/", import.meta.url);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
await build({
  entryPoints: [new URL("./src/explore.js", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "none",
  outfile: new URL("explore.js", dist).pathname,
});
for (const file of ["duckdb-eh.wasm", "duckdb-browser-eh.worker.js"]) {
  copyFileSync(new URL(file, duckdb), new URL(file, dist));
}
