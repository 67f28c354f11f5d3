// Filters a picker's options as the user types; without JavaScript every option stays visible.
(function () {
  "use strict";
  // "ulytau" finds "Ulytaū", "aktobe" finds "Aqtöbe": compare without accents.
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var search = picker.querySelector("[data-picker-search]");
    var empty = picker.querySelector("[data-picker-empty]");
    if (!search) { return; }
    search.addEventListener("input", function () {
      var words = plain(search.value).trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      picker.querySelectorAll("details").forEach(function (group) {
        var groupShown = 0;
        group.querySelectorAll("[data-picker-item]").forEach(function (item) {
          var text = plain(item.getAttribute("data-text"));
          var match = words.every(function (word) { return text.indexOf(word) !== -1; });
          item.hidden = !match;
          if (match) { groupShown += 1; }
        });
        group.hidden = groupShown === 0;
        if (words.length) { group.open = groupShown > 0; }
        shown += groupShown;
      });
      if (empty) { empty.hidden = shown > 0; }
    });
    // Enter in the search box would submit the whole form; keep it in the box.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
  // Typing a share ticks its checkbox, so a share is never lost on an unticked target.
  document.querySelectorAll(".share-input").forEach(function (input) {
    input.addEventListener("input", function () {
      var box = input.parentElement.querySelector("input[type=checkbox]");
      if (box && input.value.trim()) { box.checked = true; }
    });
  });
})();
