// Progressive enhancement only: every page works without this file.

// Keep shared list addresses short: leave empty filters out of htmx requests.
document.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!data) return;
  for (const [name, value] of Array.from(data.entries())) {
    if (value === "") data.delete(name);
  }
});
