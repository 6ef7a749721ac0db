// Filters the index as one types: no server, no request, works from file:// too.
// index.html?q=济南 opens with that search done (a link can carry a search).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  const count = document.getElementById("search-count");
  const groups = Array.from(document.querySelectorAll("details.class-group"));
  const filter = () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const group of groups) {
      let inGroup = 0;
      for (const item of group.querySelectorAll("li")) {
        const hit = words.every((word) => item.dataset.search.includes(word));
        item.classList.toggle("hidden", !hit);
        inGroup += hit ? 1 : 0;
      }
      group.classList.toggle("hidden", inGroup === 0);
      if (words.length > 0 && inGroup > 0) group.open = true;
      shown += inGroup;
    }
    count.textContent = words.length > 0 ? `${shown} 个结果 · results` : "";
  };
  box.addEventListener("input", filter);
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    box.value = asked;
    filter();
  }
});
