// Build TalentBridge front-end assets. Run with `npm run build` (after `npm ci`).
//
// Output (git-ignored) in talentbridge/core/static/talentbridge/build/:
//   main.css (+ .map)            frontend/main.scss compiled with sass
//   nhsuk-frontend.min.js (+map) NHS.UK frontend ES module bundle, unchanged
//   talentbridge.mjs             the bundle plus a call to initAll(), then
//                                accessible-autocomplete and frontend/pickers.mjs
//                                (the pickers' enhancement); this is the one
//                                script the layout loads
//   assets/                      images, icons, favicons and manifest.json
//   fonts/                       only if TALENTBRIDGE_FONTS_DIR is set (see below)
//
// Nothing here touches the network: everything comes from node_modules
// (installed from package-lock.json by `npm ci`).
//
// Fonts: NHS.UK frontend loads Frutiger from https://assets.nhs.uk by default.
// We switch that off (CSP blocks it and it would not work offline), so text is
// set in Arial. An NHS organisation with the Frutiger licence can put the four
// files FrutigerLTW01-55Roman.woff2/.woff and FrutigerLTW01-65Bold.woff2/.woff
// in a folder and build with TALENTBRIDGE_FONTS_DIR=/that/folder to serve them
// from our own static files instead.

import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const nhsukDist = path.join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const outDir = path.join(root, "talentbridge", "core", "static", "talentbridge", "build");
const staticBuildUrl = "/static/talentbridge/build/";
const fontFiles = [
  "FrutigerLTW01-55Roman.woff2",
  "FrutigerLTW01-55Roman.woff",
  "FrutigerLTW01-65Bold.woff2",
  "FrutigerLTW01-65Bold.woff",
];

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

if (!existsSync(nhsukDist)) {
  fail("node_modules/nhsuk-frontend is missing; run `npm ci` first");
}
const nhsukVersion = JSON.parse(
  readFileSync(path.join(root, "node_modules", "nhsuk-frontend", "package.json"), "utf8"),
).version;

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// 1. Assets (images, favicons, manifest) used by CSS and the page template.
cpSync(path.join(nhsukDist, "assets"), path.join(outDir, "assets"), { recursive: true });

// 2. Optional locally supplied Frutiger fonts.
const fontsDir = process.env.TALENTBRIDGE_FONTS_DIR;
let includeFontFace = false;
if (fontsDir) {
  const missing = fontFiles.filter((name) => !existsSync(path.join(fontsDir, name)));
  if (missing.length) {
    fail(`TALENTBRIDGE_FONTS_DIR=${fontsDir} is missing ${missing.join(", ")}`);
  }
  mkdirSync(path.join(outDir, "fonts"));
  for (const name of fontFiles) {
    cpSync(path.join(fontsDir, name), path.join(outDir, "fonts", name));
  }
  includeFontFace = true;
}

// 3. CSS.

const source =
  `@use "main" with ($tb-static-build-path: "${staticBuildUrl}", ` +
  `$tb-include-font-face: ${includeFontFace});\n@use "pickers";\n`;
const result = sass.compileString(source, {
  url: new URL("file://" + path.join(here, "_entry.scss")),
  loadPaths: [here, path.join(root, "node_modules")],
  style: "compressed",
  sourceMap: true,
  sourceMapIncludeSources: false,
  quietDeps: true,
});
writeFileSync(path.join(outDir, "main.css"), result.css + "\n/*# sourceMappingURL=main.css.map */\n");
writeFileSync(path.join(outDir, "main.css.map"), JSON.stringify(result.sourceMap));


// 4. JavaScript: NHS.UK frontend's ES module bundle, and our entry point that
//    initialises every component. Components only enhance pages that already
//    work without JavaScript.
const bundleName = "nhsuk-frontend.min.js";
const bundle = readFileSync(path.join(nhsukDist, bundleName), "utf8");
cpSync(path.join(nhsukDist, bundleName), path.join(outDir, bundleName));
cpSync(path.join(nhsukDist, `${bundleName}.map`), path.join(outDir, `${bundleName}.map`));
const withoutMapComment = (code) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "");
// The pickers' autocomplete: GOV.UK's accessible-autocomplete (its UMD build sets
// self.accessibleAutocomplete), then our enhancement of the picker text boxes.
const autocomplete = readFileSync(
  path.join(root, "node_modules", "accessible-autocomplete", "dist", "accessible-autocomplete.min.js"),
  "utf8",
);
const pickers = readFileSync(path.join(here, "pickers.mjs"), "utf8");
writeFileSync(
  path.join(outDir, "talentbridge.mjs"),
  `${withoutMapComment(bundle)}\n// TalentBridge: initialise NHS.UK frontend ${nhsukVersion} components.\ninitAll();\n` +
    `${withoutMapComment(autocomplete)}\n${pickers}`,
);

// 5. Check every url(...) in the CSS is local and exists (no CDN, works offline).
const css = readFileSync(path.join(outDir, "main.css"), "utf8");
const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]);
for (const url of urls) {
  if (url.startsWith("data:")) continue;
  if (!url.startsWith(staticBuildUrl)) fail(`main.css refers to a non-local URL: ${url}`);
  const file = path.join(outDir, url.slice(staticBuildUrl.length).split(/[?#]/)[0]);
  if (!existsSync(file)) fail(`main.css refers to ${url} but ${file} does not exist`);
}

const digest = createHash("sha256").update(css).digest("hex").slice(0, 12);
console.log(
  `built nhsuk-frontend ${nhsukVersion} into ${path.relative(root, outDir)}/ ` +
    `(main.css ${css.length} bytes, sha256 ${digest}, ${urls.length} url() references, ` +
    `fonts: ${includeFontFace ? "local Frutiger" : "Arial fallback"})`,
);
