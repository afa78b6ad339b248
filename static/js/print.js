// Buttons marked data-print open the browser's print dialog (kept out of inline script for CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
