// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form?.requestSubmit();
  }
});

// Ratings workspace: j/k move between indicators, Enter rates, r reconciles, Esc cancels,
// Ctrl+Enter saves the open form.
function rows() {
  return Array.from(document.querySelectorAll("tr[data-row]"));
}

function isTyping(element) {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement;
}

document.addEventListener("keydown", (event) => {
  const active = document.activeElement;
  const form = active?.closest?.("form.rating-form");
  if (form && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
    return;
  }
  if (form && event.key === "Escape") {
    event.preventDefault();
    form.querySelector("[data-action=cancel]")?.click();
    return;
  }
  if (isTyping(active) || event.altKey || event.ctrlKey || event.metaKey) return;
  const list = rows();
  if (!list.length) return;
  const current = active?.closest?.("tr[data-row]");
  const index = current ? list.indexOf(current) : -1;
  if (event.key === "j" || event.key === "k") {
    event.preventDefault();
    const next = list[Math.min(list.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)))];
    next.focus();
    next.scrollIntoView({block: "nearest"});
  } else if (current && (event.key === "Enter" || event.key === "r")) {
    const action = current.querySelector(event.key === "r" ? "[data-action=reconcile]" : "[data-action=rate]");
    if (action) {
      event.preventDefault();
      action.click();
    }
  }
});

// When a rating form arrives, put the cursor in it; when a row comes back, keep focus on it.
document.addEventListener("htmx:load", (event) => {
  const element = event.detail?.elt;
  if (!(element instanceof HTMLElement) || !element.matches("tr[data-row]")) return;
  if (element.classList.contains("rating-row--editing")) {
    element.querySelector("select")?.focus();
  } else {
    element.focus();
  }
});

// Buttons that remove something ask first.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm") || "")) event.preventDefault();
});

// A select whose options are addresses: choosing one goes there.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.hasAttribute("data-navigate") && select.value) {
    window.location.assign(select.value);
  }
});
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-navigate-button]") : null;
  const select = button && document.getElementById(button.getAttribute("data-navigate-button") || "");
  if (select instanceof HTMLSelectElement && select.value) window.location.assign(select.value);
});
