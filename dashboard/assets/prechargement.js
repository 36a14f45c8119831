// Starts loading the code that draws charts and tables as soon as the page opens, while the server computes
// the page: Streamlit fetches it only when the first chart arrives (the Plotly chunk is 4.7 MB). The files
// are Streamlit's own chunks, named by the server (__FICHIERS__); importing them by the same address as
// Streamlit does gives Streamlit the same, already loaded module.
(function (files) {
  if (window.__assllPrechargement) { return; }
  window.__assllPrechargement = true;
  const entry = document.querySelector('script[type="module"][src*="static/js/"]');
  if (!entry) { return; }
  for (const file of files) {
    import(new URL(file, entry.src).href).catch(function () { return null; });
  }
})(__FICHIERS__);
