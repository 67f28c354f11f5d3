// A second press of a form's button while the first answer is on its way would send the
// form again: a second project or token, or an error about the first one, while the answer
// that mattered (a token shown once) is thrown away. The first press is the one that counts.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method.toLowerCase() !== "post") return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "yes";
});

// A page brought back by the Back button is shown as it was left: its forms can be sent again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-sending]")) delete form.dataset.sending;
});
