// Présentation: every arrow press moves one slide, however fast they come. Streamlit merges the clicks that
// arrive while the page is being drawn, so the keys are queued here and each one clicks its button only once
// the previous move is drawn. Written without the less-than sign: Streamlit's sanitiser drops such a script.
(function () {
  if (window.__assllDiapos) { return; }
  window.__assllDiapos = true;
  const KEYS = {ArrowRight: "diapo_suivant", ArrowLeft: "diapo_precedent", Home: "diapo_debut", End: "diapo_fin"};
  const queue = [];
  let busy = false;
  function running() {
    const app = document.querySelector('[data-testid="stApp"]');
    return Boolean(app) && app.getAttribute("data-test-script-state") === "running";
  }
  function button(key) { return document.querySelector(".st-key-" + key + " button"); }
  function shown() {
    const found = /diapositive (\d+) sur/.exec(document.body.innerText);
    return found ? found[1] : null;
  }
  function pump() {
    if (busy || queue.length === 0 || running()) { return; }
    const target = button(queue[0]);
    if (!target) { return; }  // the page is being redrawn: the press waits for its button
    queue.shift();
    if (target.disabled) { return; }
    busy = true;
    const before = shown();
    target.click();
    let ticks = 0;
    const wait = setInterval(function () {
      ticks += 1;
      // Done when the slide shown has changed and the page is drawn (or, at the first or last slide, after a while).
      if ((shown() !== before && !running()) || ticks >= 150) {
        clearInterval(wait);
        busy = false;
      }
    }, 30);
  }
  window.addEventListener("keydown", function (event) {
    const key = KEYS[event.key];
    if (!key || !button(key)) { return; }
    const tag = event.target && event.target.tagName ? event.target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    queue.push(key);
  }, true);
  setInterval(pump, 30);
})();
