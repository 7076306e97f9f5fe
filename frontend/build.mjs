// Builds the front-end assets into static/dist/ (never committed): NHS.UK frontend CSS compiled
// with our asset path, its ES module JavaScript and images, htmx and the GOV.UK accessible
// autocomplete from npm, and our own small scripts (frontend/*.js). Run by `make assets`.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const nhsuk = join(modules, "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// whitenoise's manifest storage fails on a sourceMappingURL whose .map is absent, so strip it.
const withoutSourceMap = (text) => text.replace(/\/[/*]# sourceMappingURL=\S+/g, "");
const copyText = (from, name) =>
  writeFileSync(join(out, name), withoutSourceMap(readFileSync(from, "utf8")));

const css = sass.compile(join(root, "frontend", "main.scss"), {
  loadPaths: [modules, join(root, "frontend")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "careprog.css"), css.css);

copyText(join(nhsuk, "nhsuk-frontend.min.js"), "nhsuk-frontend.min.js");
cpSync(join(nhsuk, "assets", "images"), join(out, "images"), { recursive: true });
copyText(join(modules, "htmx.org", "dist", "htmx.min.js"), "htmx.min.js");
const autocomplete = join(modules, "accessible-autocomplete", "dist");
copyText(join(autocomplete, "accessible-autocomplete.min.js"), "accessible-autocomplete.min.js");
copyText(join(autocomplete, "accessible-autocomplete.min.css"), "accessible-autocomplete.min.css");
for (const name of readdirSync(join(root, "frontend")).filter((n) => n.endsWith(".js"))) {
  copyText(join(root, "frontend", name), name);
}
console.log(`front-end assets built in ${out}`);
