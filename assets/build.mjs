// Builds the front-end assets into static/build/ (ignored by git; `make` runs this):
//   css/site.css      the Bootstrap theme, compiled from assets/scss/site.scss
//   js/bootstrap.bundle.min.js (and its source map)   copied from its npm package
//   js/jquery-ui.min.js   for the admin's language tabs (django-modeltranslation)
//   flags/<code>.svg  the countries' flags as vector images (flag-icons, 4:3), sharp at any
//                     pixel density
//   map/world.svg     the base world map (Natural Earth shapes from world-atlas)
//   map/countries.json   every country's box in the same projection, read by pages/maps.py
//                        to place markers and frame a region; the outlines stay in world.svg
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";
import { feature } from "topojson-client";
import { geoNaturalEarth1, geoPath } from "d3-geo";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "static", "build");
for (const dir of ["css", "js", "map", "flags"]) mkdirSync(join(out, dir), { recursive: true });

// The theme.
const css = sass.compile(join(root, "assets", "scss", "site.scss"), {
  style: "compressed",
  loadPaths: [modules],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
});
writeFileSync(join(out, "css", "site.css"), css.css);

// Scripts served as they come.
for (const file of ["bootstrap.bundle.min.js", "bootstrap.bundle.min.js.map"]) {
  copyFileSync(join(modules, "bootstrap", "dist", "js", file), join(out, "js", file));
}
copyFileSync(join(modules, "jquery-ui", "dist", "jquery-ui.min.js"), join(out, "js", "jquery-ui.min.js"));

// The flags.
const flags = join(modules, "flag-icons", "flags", "4x3");
for (const file of readdirSync(flags)) copyFileSync(join(flags, file), join(out, "flags", file));

// The map: Natural Earth 1:110m countries in the Natural Earth projection, fitted to 1000 × 520.
const WIDTH = 1000;
const HEIGHT = 520;
const topology = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const world = feature(topology, topology.objects.countries);
world.features = world.features.filter((f) => f.properties.name !== "Antarctica");
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], world);
const path = geoPath(projection).digits(1);

const countries = {};
const shapes = [];
for (const f of world.features) {
  const d = path(f);
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
writeFileSync(
  join(out, "map", "world.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" fill="#dfe5ee" stroke="#ffffff" stroke-width="0.5">${shapes.join("")}</svg>\n`,
);
writeFileSync(
  join(out, "map", "countries.json"),
  JSON.stringify({
    width: WIDTH,
    height: HEIGHT,
    scale: projection.scale(),
    translate: projection.translate(),
    countries,
  }),
);
console.log(`Built static/build: css/site.css (${css.css.length} bytes), js/, map/ (${Object.keys(countries).length} countries).`);
