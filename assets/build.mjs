// Builds the front-end assets into static/build/ (ignored by git; `make` runs this):
//   css/site.css      the parts of Bootstrap the site uses (assets/scss/bootstrap-parts.scss),
//                     trimmed to the rules the pages can use, then the site's own rules
//                     (assets/scss/site.scss), kept whole
//   js/bootstrap.bundle.min.js (and its source map)   copied from its npm package
//   js/jquery-ui.min.js   for the admin's language tabs (django-modeltranslation)
//   flags/<code>.svg  the countries' flags as vector images (flag-icons, 4:3), sharp at any
//                     pixel density
//   map/world.svg     the base world map (Natural Earth shapes from world-atlas), its outlines
//                     written short (assets/svg-path.mjs)
//   map/countries.json   every country's box in the same projection, read by pages/maps.py
//                        to place markers and frame a region; the outlines stay in world.svg
// Every file is written under a temporary name beside its place, then renamed over it: the
// site, and the tests that read static/build, never see half a file.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";
import { feature } from "topojson-client";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { compactPath } from "./svg-path.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "static", "build");
for (const dir of ["css", "js", "map", "flags"]) mkdirSync(join(out, dir), { recursive: true });

function put(file, content) {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

const copy = (source, file) => put(file, readFileSync(source));

// The stylesheets, from assets/scss/.
const compile = (name) =>
  sass.compile(join(root, "assets", "scss", `${name}.scss`), {
    style: "compressed",
    loadPaths: [modules],
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
  }).css;

// The Python packages that write markup for the pages (crispy-forms, Django's form widgets,
// django-filter) are in the virtual environment (`make` installs it before building).
function sitePackages() {
  const venv = process.env.VIRTUAL_ENV || join(root, ".venv");
  const lib = join(venv, "lib");
  const found = existsSync(lib)
    ? readdirSync(lib)
        .map((python) => join(lib, python, "site-packages"))
        .find((packages) => existsSync(join(packages, "crispy_bootstrap5")))
    : undefined;
  if (!found) {
    throw new Error(
      `crispy-bootstrap5 is missing from ${venv}: install the Python packages first (make setup).`,
    );
  }
  return found;
}

// Of Bootstrap's rules, those whose every class and element some page may write: a word in
// the templates, the scripts, the Python that writes markup (template tags, forms, filters,
// charts), or the templates and Python of crispy-forms, Django's widgets and django-filter.
// PurgeCSS reads words, not markup, so a class written whole anywhere is kept; a class put
// together from pieces is not, and is listed here.
async function trimmedBootstrap() {
  const packages = sitePackages();
  const [result] = await new PurgeCSS().purge({
    css: [{ raw: compile("bootstrap-parts") }],
    content: [
      join(root, "templates", "**", "*.html"),
      join(root, "static", "js", "*.js"),
      join(root, "**", "*.py"),
      join(packages, "crispy_bootstrap5", "templates", "**", "*.html"),
      join(packages, "crispy_forms", "**", "*.py"),
      join(packages, "django", "forms", "templates", "**", "*.html"), // the fields' widgets
      join(packages, "django_filters", "templates", "**", "*.html"),
    ],
    skippedContentGlobs: ["**/node_modules/**", "**/tests/**", "**/bench/**"],
    safelist: {
      standard: [
        // What Bootstrap's collapse (the phone's menu, the Actions filters) adds and removes.
        "show",
        "collapsing",
        "collapsed",
        "collapse-horizontal",
        // The messages: "alert-" and the message's level (templates/includes/messages.html).
        /^alert-(info|success|warning|danger)$/,
      ],
    },
  });
  return result.css;
}

// Sass starts a stylesheet that holds other characters than ASCII with a byte order mark: one
// at the start of the whole, none between its parts.
const parts = [await trimmedBootstrap(), compile("site")].map((part) =>
  part.replace(/^\uFEFF/, ""),
);
const css = `\uFEFF${parts.join("\n")}`;
put(join(out, "css", "site.css"), css);

// Scripts served as they come.
for (const file of ["bootstrap.bundle.min.js", "bootstrap.bundle.min.js.map"]) {
  copy(join(modules, "bootstrap", "dist", "js", file), join(out, "js", file));
}
copy(join(modules, "jquery-ui", "dist", "jquery-ui.min.js"), join(out, "js", "jquery-ui.min.js"));

// The flags.
const flags = join(modules, "flag-icons", "flags", "4x3");
for (const file of readdirSync(flags)) copy(join(flags, file), join(out, "flags", file));

// The map: Natural Earth 1:110m countries in the Natural Earth projection, fitted to 1000 × 520.
const WIDTH = 1000;
const HEIGHT = 520;
const topology = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const world = feature(topology, topology.objects.countries);
world.features = world.features.filter((f) => f.properties.name !== "Antarctica");
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], world);
const path = geoPath(projection);
const outline = compactPath(projection);

const countries = {};
const shapes = [];
for (const f of world.features) {
  const d = outline(f);
  if (!d) continue;
  if (f.id === undefined) {
    shapes.push(`<path d="${d}"/>`); // a disputed area without an ISO code
    continue;
  }
  // Each country can be drawn again, highlighted, with <use href="world.svg#n036">.
  shapes.push(`<path id="n${f.id}" d="${d}"/>`);
  const [[x0, y0], [x1, y1]] = path.bounds(f);
  countries[f.id] = { name: f.properties.name, box: [x0, y0, x1, y1].map((v) => Math.round(v * 10) / 10) };
}
put(
  join(out, "map", "world.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" fill="#dfe5ee" stroke="#ffffff" stroke-width="0.5">${shapes.join("")}</svg>\n`,
);
put(
  join(out, "map", "countries.json"),
  JSON.stringify({
    width: WIDTH,
    height: HEIGHT,
    scale: projection.scale(),
    translate: projection.translate(),
    countries,
  }),
);
console.log(`Built static/build: css/site.css (${css.length} bytes), js/, map/ (${Object.keys(countries).length} countries).`);
