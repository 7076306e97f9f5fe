// Builds the front-end assets into static/dist/ (never committed): NHS.UK frontend CSS compiled
// with our asset path, its ES module JavaScript, and its images. Run by `make assets`.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "main.scss"), {
  loadPaths: [join(root, "node_modules"), join(root, "frontend")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "careprog.css"), css.css);

// whitenoise's manifest storage fails on a sourceMappingURL whose .map is absent, so strip it.
const js = readFileSync(join(nhsuk, "nhsuk-frontend.min.js"), "utf8").replace(
  /\/\/# sourceMappingURL=\S+/g,
  "",
);
writeFileSync(join(out, "nhsuk-frontend.min.js"), js);
cpSync(join(nhsuk, "assets", "images"), join(out, "images"), { recursive: true });
console.log(`front-end assets built in ${out}`);
