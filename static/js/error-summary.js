// The error summary (templates/includes/error_summary.html): in focus when the page opens,
// so a screen reader reads it and the keyboard starts there; each link moves the focus to
// its field and shows the field's label, as GOV.UK's error summary does.
(() => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-field]");
    if (!link) return;
    const id = link.getAttribute("href").slice(1);
    const field = (id && document.getElementById(id)) ||
      document.getElementsByName(link.dataset.field)[0];
    if (!field) return;
    event.preventDefault();
    const legend = field.closest("fieldset")?.querySelector("legend");
    const label = field.type === "checkbox" || field.type === "radio"
      ? legend
      : field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    (label || legend || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
