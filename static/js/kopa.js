// Progressive enhancement only: every page works without this file.

// Keep shared list addresses short: leave empty filters out of htmx requests.
document.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!data) return;
  for (const [name, value] of Array.from(data.entries())) {
    if (value === "") data.delete(name);
  }
});

// Long lists of checkboxes (includes/form_fields.html): a box that hides the options whose
// label does not hold what is typed, ignoring case and diacritics ("rez" finds "Rēzeknes
// valstspilsēta"); a group whose name holds it shows whole. Hidden options keep their ticks.
const folded = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

for (const box of document.querySelectorAll("[data-choice-filter]")) {
  const list = document.getElementById(box.dataset.choiceFilter);
  if (!list) continue;
  box.closest(".choice-filter").hidden = false;
  // Enter here would send the whole form half filled in.
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  box.addEventListener("input", () => {
    const query = folded(box.value.trim());
    for (const item of list.querySelectorAll("li")) {
      const group = item.closest(".choice-group");
      const legend = group ? folded(group.querySelector("legend").textContent) : "";
      item.hidden = query !== "" && !legend.includes(query) && !folded(item.textContent).includes(query);
    }
    for (const group of list.querySelectorAll(".choice-group")) {
      group.hidden = !group.querySelector("li:not([hidden])");
    }
    // Said by screen readers: how many options the box leaves in view.
    const status = box.closest(".choice-filter").querySelector("[role=status]");
    const total = list.querySelectorAll("li").length;
    const shown = list.querySelectorAll("li:not([hidden])").length;
    status.textContent = query === "" ? "" : status.dataset.text.replace("{shown}", shown).replace("{total}", total);
  });
}

// The phone menu (a <details> in base.html) closes with Escape, back on its button.
document.addEventListener("keydown", (event) => {
  const menu = document.querySelector("details.menu[open]");
  if (event.key !== "Escape" || !menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
