// newsmill web UI: "/" focuses the search box (unless you are already typing somewhere).
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
  if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
  var box = document.getElementById("q") || document.getElementById("q-top");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
