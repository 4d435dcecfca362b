// What every public page does beyond Bootstrap: the mobile menu closes on Escape, and a table
// too wide for its box becomes a named stop for the keyboard. Loaded after Bootstrap's bundle.

// Escape closes the open mobile menu and gives focus back to the button that opened it, as a
// disclosure should. On a wide screen the menu is always shown and its button hidden.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const menu = document.getElementById("site-nav");
  const toggler = document.querySelector('[data-bs-target="#site-nav"]');
  if (!menu || !toggler?.offsetParent || toggler.getAttribute("aria-expanded") !== "true") return;
  const collapse = window.bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false });
  if (menu.classList.contains("collapsing")) {
    // Still opening: Bootstrap ignores a hide() until it is open.
    menu.addEventListener("shown.bs.collapse", () => collapse.hide(), { once: true });
  } else {
    collapse.hide();
  }
  toggler.focus();
});

// A table that scrolls sideways can be reached with the keyboard (the arrow keys scroll it) and
// is announced as a region named by its caption; one that fits is no stop at all. Checked again
// whenever its box changes size (a turned phone, a zoomed page).
let captions = 0;
const scrollers = new ResizeObserver((entries) => {
  for (const { target: scroller } of entries) {
    const caption = scroller.querySelector("caption");
    if (scroller.scrollWidth > scroller.clientWidth) {
      scroller.tabIndex = 0;
      if (caption) {
        caption.id ||= `table-caption-${++captions}`;
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-labelledby", caption.id);
      }
    } else {
      for (const attribute of ["tabindex", "role", "aria-labelledby"]) {
        scroller.removeAttribute(attribute);
      }
    }
  }
});
for (const scroller of document.querySelectorAll(".table-responsive")) scrollers.observe(scroller);
