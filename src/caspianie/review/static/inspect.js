// caspianie review pages: clicking an event scrolls its evidence sentence into view and flashes it.
(function () {
  function flash(id) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    var old = document.querySelectorAll(".flash");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("flash"); }
    target.classList.add("flash");
    target.scrollIntoView({ block: "center" });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.goto") : null;
    if (!link) { return; }
    var id = link.getAttribute("data-target");
    if (id && flash(id)) {
      event.preventDefault();
      if (history.replaceState) { history.replaceState(null, "", "#" + id); }
    }
  });
  if (location.hash.length > 1) { flash(decodeURIComponent(location.hash.slice(1))); }
})();
