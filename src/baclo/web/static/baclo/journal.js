// Journal page helpers. The form works without them; they only save taps.
(function () {
  "use strict";
  var form = document.getElementById("journal-form");
  if (!form) { return; }
  // "All taken as planned": tick every prefilled intake that has a time and a dose.
  form.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      form.querySelectorAll("input[data-intake]").forEach(function (box) {
        var prefix = box.name.replace(/-taken$/, "");
        var dose = form.elements[prefix + "-dose_mg"];
        if (dose && dose.value.trim() !== "") { box.checked = true; }
      });
    });
  });
  // Drink buttons add one serving to their counter, or take one back (never below zero).
  function step(attribute, by) {
    form.querySelectorAll("[" + attribute + "]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = form.elements[button.getAttribute(attribute)];
        input.value = String(Math.max(0, (parseInt(input.value, 10) || 0) + by));
      });
    });
  }
  step("data-add", 1);
  step("data-sub", -1);
  // Moving a slider or setting the onset means the value is meant to be recorded.
  form.querySelectorAll("[data-marks]").forEach(function (input) {
    var box = form.elements[input.getAttribute("data-marks")];
    var out = document.getElementById(input.id + "-out");
    input.addEventListener("input", function () {
      box.checked = true;
      if (out) { out.textContent = input.value; }
    });
  });
})();
