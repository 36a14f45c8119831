// The dashboard in French for what Streamlit and Plotly write themselves and let no option change: the page's
// language (the lang attribute of the html element), and the texts, tooltips and screen-reader labels listed in traductions.json. Runs in the
// page (st.html with JavaScript), once; a MutationObserver translates what is drawn later.
(function (table) {
  const root = window;
  root.document.documentElement.lang = "fr";
  if (root.__assllFrancais) { return; }
  root.__assllFrancais = true;
  const texts = table.textes;
  const patterns = table.motifs.map(([from, to]) => [new RegExp(from), to]);
  const ATTRIBUTES = ["aria-label", "aria-valuetext", "title", "data-title", "placeholder", "alt"];
  function translate(value) {
    if (!value) { return null; }
    const trimmed = value.trim();
    if (Object.prototype.hasOwnProperty.call(texts, trimmed)) { return value.replace(trimmed, texts[trimmed]); }
    for (const [regex, to] of patterns) {
      if (regex.test(trimmed)) { return value.replace(trimmed, trimmed.replace(regex, to)); }
    }
    return null;
  }
  function visit(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      const done = translate(node.nodeValue);
      if (done !== null && done !== node.nodeValue) { node.nodeValue = done; }
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) { return; }
    for (const name of ATTRIBUTES) {
      const done = translate(node.getAttribute(name));
      if (done !== null && done !== node.getAttribute(name)) { node.setAttribute(name, done); }
    }
    for (const child of node.childNodes) { visit(child); }
  }
  visit(root.document.body);
  new MutationObserver((changes) => {
    if (root.document.documentElement.lang !== "fr") { root.document.documentElement.lang = "fr"; }
    for (const change of changes) {
      if (change.type === "attributes" || change.type === "characterData") { visit(change.target); }
      for (const node of change.addedNodes) { visit(node); }
    }
  }).observe(root.document.documentElement, {subtree: true, childList: true, characterData: true,
                                               attributes: true, attributeFilter: ["lang", ...ATTRIBUTES]});
})(__TRADUCTIONS__);
