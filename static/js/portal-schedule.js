// The portal's schedule rules: show only the fields that apply to the chosen 「くり返し」.
// Without JavaScript every field shows, and the server ignores the ones that do not apply.
(function () {
  "use strict";
  var ONLY_FOR = {
    weekdays: ["weekly", "monthly_nth"],
    week_positions: ["monthly_nth"],
    month_day: ["monthly_day"],
    date: ["once"],
    valid_from: ["weekly", "monthly_nth", "monthly_day"],
    valid_until: ["weekly", "monthly_nth", "monthly_day"],
    closed_on_holidays: ["weekly", "monthly_nth", "monthly_day"],
    closed_over_new_year: ["weekly", "monthly_nth", "monthly_day"]
  };

  function update(rule, frequency) {
    Object.keys(ONLY_FOR).forEach(function (name) {
      var field = rule.querySelector('.field[data-field="' + name + '"]');
      if (field) {
        field.hidden = ONLY_FOR[name].indexOf(frequency) === -1;
      }
    });
  }

  document.querySelectorAll("fieldset.portal-child").forEach(function (rule) {
    var select = rule.querySelector('select[name$="-frequency"]');
    if (!select) {
      return;
    }
    update(rule, select.value);
    select.addEventListener("change", function () {
      update(rule, select.value);
    });
  });
})();
