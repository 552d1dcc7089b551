// Berth's only script: copy buttons and confirmations. Pages work without it; it adds comfort.
"use strict";

function copyText(button) {
  const text = button.getAttribute("data-copy");
  const done = () => {
    const label = button.textContent;
    button.textContent = button.getAttribute("data-copied") || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => selectNeighbour(button));
  } else {
    selectNeighbour(button);
  }
}

// Without the clipboard API (plain HTTP on a non-local address), select the text for Ctrl+C.
function selectNeighbour(button) {
  const code = button.parentElement && button.parentElement.querySelector("code");
  if (code) {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy");
  if (button) {
    copyText(button);
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Live check of a repository name against the naming rule, as the user types.
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

document.addEventListener("input", (event) => {
  const field = event.target;
  if (field.getAttribute("data-validate") !== "repository-name") {
    return;
  }
  const status = document.getElementById("name-status");
  if (!status) {
    return;
  }
  if (field.value === "") {
    status.textContent = "";
    status.className = "hint validation";
    return;
  }
  const valid = REPOSITORY_NAME.test(field.value);
  status.textContent = field.getAttribute(valid ? "data-valid" : "data-invalid");
  status.className = "hint validation " + (valid ? "valid" : "invalid");
});
