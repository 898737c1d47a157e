// Bundle the explorer for the site: one ES module (DuckDB-WASM's API and Apache Arrow), the
// DuckDB worker and its WebAssembly (gzipped), all from the pinned npm packages. Only the "eh" bundle
// (WebAssembly exception handling: every current browser) is shipped, to keep the site small.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, gzipSync } from "node:zlib";

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
copyFileSync(new URL("duckdb-browser-eh.worker.js", duckdb), new URL("duckdb-browser-eh.worker.js", dist));
// The WebAssembly is stored gzipped (18 MB → about a quarter): a site's size counts against its
// host's limit (GitHub Pages: 1 GB); the page inflates it with the browser's DecompressionStream.
const wasm = readFileSync(new URL("duckdb-eh.wasm", duckdb));
writeFileSync(new URL("duckdb-eh.wasm.gz", dist), gzipSync(wasm, { level: constants.Z_BEST_COMPRESSION }));
