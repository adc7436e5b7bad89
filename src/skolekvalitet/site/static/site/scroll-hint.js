// A table's «scroll sideways» hint (an element with data-scroll-hint="<id of the table's
// scrolling box>") says whether the table is wider than its box now: data-overflows="yes" or
// "no" (site.css shows the hint only when "yes"; without this script, on narrow screens only).
(function () {
  "use strict";
  function update() {
    document.querySelectorAll("[data-scroll-hint]").forEach(function (hint) {
      var box = document.getElementById(hint.getAttribute("data-scroll-hint"));
      if (box) {
        hint.setAttribute("data-overflows", box.scrollWidth > box.clientWidth + 1 ? "yes" : "no");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
})();
