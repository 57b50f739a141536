// caspianie review pages: clicking an event scrolls its evidence sentence into view and flashes it;
// tables with class "sortable" sort by a clicked column, "filterable" ones follow the filter box above them.
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

  var NUMBER = /^-?\d+(\.\d+)?$/;
  function sortKey(row, column) {
    var cell = row.cells[column];
    var text = cell ? cell.textContent.trim() : "";
    return NUMBER.test(text) ? [0, parseFloat(text), ""] : [1, 0, text.toLowerCase()];
  }
  function compareKeys(a, b) {
    if (a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[1] !== b[1]) { return a[1] - b[1]; }
    return a[2] < b[2] ? -1 : (a[2] > b[2] ? 1 : 0);
  }
  function sortBy(table, header) {
    var column = header.cellIndex;
    var descending = header.getAttribute("aria-sort") === "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: sortKey(row, column), index: index };
    });
    rows.sort(function (a, b) {
      var order = compareKeys(a.key, b.key);
      return (descending ? -order : order) || a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }
  document.addEventListener("click", function (event) {
    var header = event.target.closest ? event.target.closest("table.sortable thead th") : null;
    if (header) { sortBy(header.closest("table"), header); }
  });

  function applyFilter(box) {
    var table = document.querySelector("table.filterable." + box.getAttribute("data-for"));
    if (!table) { return; }
    var text = box.querySelector(".filter-text").value.trim().toLowerCase();
    var flagged = box.querySelector(".filter-flagged").checked;
    var rows = table.tBodies[0].rows;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var keep = (!text || row.textContent.toLowerCase().indexOf(text) >= 0)
        && (!flagged || (row.getAttribute("data-flags") || "") !== "");
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    }
    box.querySelector(".shown").textContent = shown + " of " + rows.length + " shown";
  }
  var boxes = document.querySelectorAll("p.filters");
  for (var b = 0; b < boxes.length; b++) {
    (function (box) {
      box.addEventListener("input", function () { applyFilter(box); });
      box.addEventListener("change", function () { applyFilter(box); });
      applyFilter(box);
    })(boxes[b]);
  }
  if (location.hash.length > 1) { flash(decodeURIComponent(location.hash.slice(1))); }
})();
