// A count of the characters left under each long answer (textarea[data-character-limit]),
// and of the characters too many once over the limit; the server refuses a longer text and
// gives it back whole (reflections.forms.AnswerField), and nothing here cuts what is typed.
// The count is read with the field (aria-describedby); it is said aloud (aria-live="polite")
// only near the limit, once typing pauses, so that a screen reader is not interrupted at
// every key. The messages come from the page, in its language, for one and several.
(() => {
  const NEAR = 0.9; // said aloud from 90% of the limit
  const PAUSE = 1000; // milliseconds after the last key
  const language = document.documentElement.lang || "en";
  const numbers = new Intl.NumberFormat(language);
  const plurals = new Intl.PluralRules(language);

  // Characters as the server counts them (code points, not UTF-16 units).
  const length = (text) => [...text].length;

  const message = (field, left) => {
    const number = Math.abs(left);
    const kind = left < 0 ? "countOver" : "countLeft";
    const form = plurals.select(number) === "one" ? "One" : "Other";
    return field.dataset[kind + form].replace("%(count)s", numbers.format(number));
  };

  for (const field of document.querySelectorAll("textarea[data-character-limit]")) {
    const limit = Number(field.dataset.characterLimit);
    const count = document.createElement("div");
    count.id = `${field.id}_count`;
    count.className = "form-text";
    const status = document.createElement("div");
    status.id = `${field.id}_count_status`;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    const help = document.getElementById(`${field.id}_helptext`);
    (help || field).after(count, status);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);

    let timer;
    const update = () => {
      const left = limit - length(field.value);
      count.textContent = message(field, left);
      count.classList.toggle("text-danger", left < 0);
      count.classList.toggle("fw-semibold", left < 0);
      return left;
    };
    const announce = () => {
      const left = update();
      // Said near the limit and over it; far from it, silence (and nothing stale).
      status.textContent = limit - left >= NEAR * limit ? message(field, left) : "";
    };
    field.addEventListener("input", () => {
      update();
      clearTimeout(timer);
      timer = setTimeout(announce, PAUSE);
    });
    update();
  }
})();
