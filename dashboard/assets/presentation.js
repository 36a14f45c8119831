// Présentation: every arrow press moves one slide, however fast they come. Streamlit merges the clicks that
// arrive before their run has started, so the keys are queued here and each one clicks its button only once
// the run of the previous click is over: the app counts its finished runs on html[data-assll-execution]
// (dashboard/page_scripts.py). No timer decides it: on a loaded server a run may start seconds after its click.
// A press made while the slide is still being drawn waits for its button; the keys are taken on the
// presentation's address only (the script stays in the page when the user goes to another one).
// Written without the less-than sign: Streamlit's sanitiser drops such a script.
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
  function finished() { return Number(document.documentElement.getAttribute("data-assll-execution") || 0); }
  function onSlides() { return /[/]presentation[/]?$/.test(location.pathname); }
  function button(key) { return document.querySelector(".st-key-" + key + " button"); }
  function pump() {
    if (!onSlides()) { queue.length = 0; return; }
    if (busy || queue.length === 0 || running()) { return; }
    const target = button(queue[0]);
    if (!target) { return; }  // the page is being redrawn: the press waits for its button
    queue.shift();
    if (target.disabled) { return; }
    busy = true;
    const runs = finished();
    target.click();
    let ticks = 0;
    const wait = setInterval(function () {
      ticks += 1;
      // Done when a run after the click is over and nothing runs (the slide text changes while the run is still
      // drawing, so it is not a sign); after two minutes, the connection is taken as lost and the next press
      // is let through.
      if ((finished() !== runs && !running()) || ticks >= 4000) {
        clearInterval(wait);
        busy = false;
      }
    }, 30);
  }
  window.addEventListener("keydown", function (event) {
    const key = KEYS[event.key];
    if (!key || !onSlides()) { return; }
    const tag = event.target && event.target.tagName ? event.target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    queue.push(key);
  }, true);
  setInterval(pump, 30);
})();
