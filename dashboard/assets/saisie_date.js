// A date typed in a date field applies when Enter is pressed, not only when focus leaves the field: Streamlit's
// date field sends its value when focus goes out of it. Enter takes focus out for an instant and brings it
// back to the same place, so a keyboard user stays where they were.
(function () {
  if (window.__assllSaisieDate) { return; }
  window.__assllSaisieDate = true;
  document.addEventListener("keydown", function (event) {
    const segment = event.target;
    if (event.key !== "Enter" || !(segment instanceof Element)) { return; }
    if (!segment.closest('[data-testid="stDateInput"]')) { return; }
    const sink = document.createElement("span");
    sink.tabIndex = -1;
    document.body.appendChild(sink);
    sink.focus();
    sink.remove();
    segment.focus();
  }, true);
})();
