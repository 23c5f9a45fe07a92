// The query page works without this file; it only adds conveniences. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var editor = document.getElementById("query");
  if (!form || !editor) { return; }

  // Ctrl+Enter (or Cmd+Enter) runs the query.
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });

  // Each example gets an "edit" button that puts it in the editor instead of running it at once.
  document.querySelectorAll(".examples a[data-query]").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "edit-example";
    button.textContent = "编辑 edit";
    button.addEventListener("click", function () {
      editor.value = link.getAttribute("data-query");
      editor.focus();
      editor.scrollIntoView({ block: "center" });
    });
    link.insertAdjacentElement("afterend", button);
  });
})();
