// Every table scrolls inside its own region where it is wider than the screen (a phone):
// the region is named (its caption, else the heading above it) and, while it scrolls,
// reachable with the keyboard, as WCAG asks of a scrolling area. Pages need not do
// anything: a table outside a .table-responsive wrapper gets one.
(() => {
  const headingBefore = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        const inside = sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
        const heading = sibling.matches("h1, h2, h3, h4, h5, h6") ? sibling : inside[inside.length - 1];
        if (heading) return heading;
      }
    }
    return null;
  };

  const regions = [];
  document.querySelectorAll("main table").forEach((table) => {
    let region = table.closest(".table-responsive");
    if (!region) {
      region = document.createElement("div");
      region.className = "table-responsive";
      table.replaceWith(region);
      region.append(table);
    }
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      const caption = table.querySelector("caption");
      const name = (caption || headingBefore(region))?.textContent.trim() || document.title;
      region.setAttribute("aria-label", name);
    }
    regions.push(region);
  });

  const update = () => {
    regions.forEach((region) => {
      const scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls) {
        region.setAttribute("role", "region");
        region.tabIndex = 0;
      } else if (!region.hasAttribute("data-always-region")) {
        region.removeAttribute("role");
        region.removeAttribute("tabindex");
      }
    });
  };
  update();
  window.addEventListener("resize", update);
})();
