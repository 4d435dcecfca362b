// The error summary of a refused form (templates/includes/error_summary.html) takes the focus
// when the page loads, so that a screen reader reads the problems first: a role="alert"
// present at load is not announced reliably. Each of its links then moves the focus to the
// field to correct, with the field's label (or its group's legend) in view.
(() => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  // What names the field: its group's legend for a radio or a box of a group, else its label.
  const labelOf = (field) => {
    const group = field.closest("fieldset[aria-describedby], [role=group], [role=radiogroup]");
    if (group && (field.type === "radio" || field.type === "checkbox")) {
      const legend = group.querySelector("legend");
      if (legend) return legend;
    }
    return document.querySelector(`label[for="${CSS.escape(field.id)}"]`) || field;
  };

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    labelOf(field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
