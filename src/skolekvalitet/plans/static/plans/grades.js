// Offer only the grades the chosen indicator is measured on at the school (or at one of the
// owner's schools): each indicator option lists them in data-grades ("" when the indicator is
// not measured per grade). The server refuses any other grade, also without this script.
document.querySelectorAll("select[data-grade-for]").forEach((grade) => {
  const indicator = document.getElementById(grade.dataset.gradeFor);
  if (!indicator) return;
  const update = () => {
    const chosen = indicator.selectedOptions[0];
    const allowed =
      chosen && chosen.value ? (chosen.dataset.grades || "").split(" ").filter(Boolean) : null;
    for (const option of grade.options) {
      const offered = !option.value || allowed === null || allowed.includes(option.value);
      option.hidden = !offered;
      option.disabled = !offered;
    }
    const current = grade.selectedOptions[0];
    if (allowed !== null && (!current || current.disabled || (!current.value && allowed.length === 1))) {
      grade.value = allowed.length === 1 ? allowed[0] : "";
    }
  };
  indicator.addEventListener("change", update);
  update();
});
