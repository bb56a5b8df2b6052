// Small comforts for the staff area; every form also works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions (buttons marked data-confirm).
  for (const button of document.querySelectorAll("[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  }
  // Offer the media library's images in the featured-image field (typing a URL still works).
  const imageUrl = document.querySelector('input[name="imageUrl"]');
  if (imageUrl) {
    fetch("/admin/media.json", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : []))
      .then((images) => {
        const list = document.createElement("datalist");
        list.id = "media-library-images";
        for (const image of images) {
          const option = document.createElement("option");
          option.value = image.url;
          option.label = image.alt || image.url;
          list.append(option);
        }
        document.body.append(list);
        imageUrl.setAttribute("list", list.id);
      })
      .catch(() => {});
  }
  // Suggest a slug from the title while the slug field is untouched.
  const title = document.querySelector("#title");
  const slug = document.querySelector("#slug");
  if (title && slug && !slug.value) {
    slug.dataset.auto = "1";
    title.addEventListener("input", () => {
      if (slug.dataset.auto !== "1") return;
      slug.value = title.value
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 120);
    });
    slug.addEventListener("input", () => {
      slug.dataset.auto = "0";
    });
  }
});
