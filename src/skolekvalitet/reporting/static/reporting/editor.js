// A small rich-text editor for the status report's narratives: a toolbar over a contenteditable
// area that writes back into the form's textarea. Without JavaScript the textarea is the editor;
// the server sanitises whatever arrives (reporting.narratives.clean). No inline script or style,
// so it runs under the strict CSP.
(function () {
  "use strict";
  var RENAME = { B: "strong", I: "em", DIV: "p" };

  function tidy(root) {
    // Chromium's commands write <b>, <i> and <div>; the stored text uses <strong>, <em>, <p>.
    Object.keys(RENAME).forEach(function (tag) {
      root.querySelectorAll(tag).forEach(function (node) {
        var other = document.createElement(RENAME[tag]);
        while (node.firstChild) other.appendChild(node.firstChild);
        node.replaceWith(other);
      });
    });
    root.querySelectorAll("[style]").forEach(function (node) { node.removeAttribute("style"); });
    root.querySelectorAll("p").forEach(function (node) {
      // Chromium can put a list or heading inside a paragraph; keep the block, drop the <p>.
      if (node.querySelector("ul, ol, h3, h4, p, blockquote")) node.replaceWith.apply(node, Array.from(node.childNodes));
    });
    root.querySelectorAll("p, h3, li").forEach(function (node) {
      if (!node.textContent.trim()) node.remove();  // the empty blocks editing leaves behind
    });
  }

  function enhance(textarea) {
    var toolbar = document.getElementById(textarea.id + "-toolbar");
    var area = document.createElement("div");
    area.className = "rich-editor";
    area.contentEditable = textarea.readOnly ? "false" : "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", textarea.id + "-label");
    area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby") || "");
    area.id = textarea.id + "-editor";
    var template = document.createElement("template");
    template.innerHTML = textarea.value;  // stored text is sanitised by the server
    area.appendChild(template.content);
    if (!area.textContent.trim()) area.innerHTML = "<p><br></p>";  // typing starts a paragraph
    else if (!textarea.readOnly && area.firstElementChild && area.firstElementChild.tagName !== "P") {
      // A text that starts with a heading or a list (a generated draft taken in): typing at its
      // start goes into a paragraph of its own, not into the heading. Left empty, it is dropped.
      var first = document.createElement("p");
      first.appendChild(document.createElement("br"));
      area.prepend(first);
    }
    var counter = document.getElementById(textarea.id + "-count");
    function save() {
      var copy = area.cloneNode(true);
      tidy(copy);
      textarea.value = copy.innerHTML;
      if (counter) {
        // As the server counts (reporting.narratives.length): the characters a reader sees,
        // spaces between words once. Under 10 000 a count has no thousands space.
        var length = Array.from(copy.textContent.replace(/\s+/g, " ").trim()).length;
        counter.querySelector("[data-count]").textContent = String(length);
        counter.toggleAttribute("data-over", length > Number(counter.dataset.limit));
      }
    }
    area.addEventListener("input", function () { changed = true; save(); });
    textarea.hidden = true;
    textarea.after(area);
    if (toolbar && !textarea.readOnly) {
      toolbar.hidden = false;
      // Keep the caret in the text when a button is pressed with the mouse.
      toolbar.addEventListener("mousedown", function (event) {
        if (event.target.closest("button")) event.preventDefault();
      });
      toolbar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-command]");
        if (!button) return;
        area.focus();
        var command = button.dataset.command;
        var value = button.dataset.value || null;
        if (command === "createLink") {
          value = window.prompt(button.dataset.prompt || "URL", "https://");
          if (!value) return;
        }
        document.execCommand("defaultParagraphSeparator", false, "p");
        document.execCommand(command, false, value);
        changed = true;
        save();
      });
    }
    var label = document.getElementById(textarea.id + "-label");
    if (label) label.addEventListener("click", function () { area.focus(); });
  }

  // Typed text not sent yet: leaving the page otherwise than by one of its form's buttons (which
  // all save it) asks first.
  var changed = false;
  document.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (changed) { event.preventDefault(); event.returnValue = ""; }
  });

  document.execCommand("defaultParagraphSeparator", false, "p");
  document.querySelectorAll("textarea[data-rich-editor]").forEach(enhance);
})();
