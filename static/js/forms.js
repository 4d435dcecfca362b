// Forms marked data-submit-once are sent once, however many times the button is pressed.
// The server makes a repeated submission harmless too; this only spares the round trip.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("[data-submit-once]")) return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "true";
  form.setAttribute("aria-busy", "true");
});
