/* fichesujet, editor: « Écarter la proposition » empties the proposal panel; nothing was saved. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-ecarter]") : null;
    if (!button) {
      return;
    }
    var panel = document.getElementById("proposition");
    if (panel) {
      panel.textContent = "";
    }
    var editor = document.getElementById("editeur");
    if (editor) {
      editor.querySelector("textarea").focus();
    }
  });
})();
