/* Atelier storefront: small progressive enhancements. Every page works without it.
 *
 * - Main menu: a disclosure navigation (WAI-ARIA APG). Buttons toggle aria-expanded;
 *   Escape closes and returns focus; leaving the menu or clicking elsewhere closes.
 * - Configurator: after htmx swaps the errors beside the fields, mark those fields
 *   aria-invalid (or clear the mark).
 * - Pictures that fail to load are hidden so the placeholder shows, never a broken icon.
 * - Listing filters fold away on narrow screens.
 */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 56rem)"); // the menu folds (CSS: 56rem)
  var FILTERS_NARROW = window.matchMedia("(max-width: 64rem)"); // filters fold (CSS: 64rem)

  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeSubmenus(nav, except) {
    nav.querySelectorAll("[data-nav-disclosure]").forEach(function (button) {
      if (button !== except) setExpanded(button, false);
    });
  }

  function initNav(nav) {
    var toggle = nav.querySelector("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        setExpanded(toggle, open);
        if (!open) closeSubmenus(nav);
      });
    }
    nav.querySelectorAll("[data-nav-disclosure]").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeSubmenus(nav, button);
        setExpanded(button, open);
      });
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = nav.querySelector("[data-nav-disclosure][aria-expanded='true']");
      if (open) {
        setExpanded(open, false);
        open.focus();
      } else if (toggle && toggle.getAttribute("aria-expanded") === "true") {
        setExpanded(toggle, false);
        toggle.focus();
      }
    });
    nav.addEventListener("focusout", function (event) {
      if (!NARROW.matches && event.relatedTarget && !nav.contains(event.relatedTarget)) {
        closeSubmenus(nav);
      }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) closeSubmenus(nav);
    });
  }

  function syncFieldErrors(root) {
    (root || document).querySelectorAll("[data-error-for]").forEach(function (error) {
      var form = document.querySelector(".configurator");
      if (!form) return;
      var name = error.getAttribute("data-error-for");
      var invalid = error.textContent.trim() !== "";
      form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (field) {
        if (field.type === "hidden") return;
        if (invalid) field.setAttribute("aria-invalid", "true");
        else field.removeAttribute("aria-invalid");
      });
    });
  }

  function foldFilters() {
    document.querySelectorAll("[data-filters]").forEach(function (details) {
      details.open = !FILTERS_NARROW.matches;
    });
  }

  document.addEventListener(
    "error",
    function (event) {
      var img = event.target;
      if (img && img.tagName === "IMG") {
        img.hidden = true;
        var media = img.closest("[data-media]");
        if (media) media.classList.add("is-missing");
      }
    },
    true
  );

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-nav]").forEach(initNav);
    foldFilters();
    FILTERS_NARROW.addEventListener("change", foldFilters);
  });

  document.addEventListener("htmx:afterSettle", function () {
    syncFieldErrors(document);
  });
})();
