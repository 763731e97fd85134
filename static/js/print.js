// Buttons marked data-print print the page (an onclick attribute would be inline script,
// which the Content-Security-Policy refuses).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
