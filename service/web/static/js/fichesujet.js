/* fichesujet: what the pages do in the browser besides HTMX. A live request that fails (an error status,
   or no answer at all) is said in words in the page's alert region, never silently dropped. */
(function () {
  "use strict";

  function say(message) {
    var box = document.getElementById("alerte-dynamique");
    if (!box) {
      return;
    }
    box.textContent = message;
    box.hidden = false;
  }

  /* The French sentence of our error page, when the answer is one. */
  function detailOf(xhr) {
    var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var found = page.querySelector(".erreur-page");
    return found ? " " + found.textContent.trim() : "";
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("alerte-dynamique");
    if (box) {
      box.hidden = true;
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    say("La demande n'a pas abouti (code " + xhr.status + ")." + detailOf(xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    say("Le service ne répond pas : vérifiez la connexion au réseau, puis réessayez.");
  });
})();
