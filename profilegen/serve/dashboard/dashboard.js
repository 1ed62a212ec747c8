// Copy buttons: the exact text of the textarea they name, through the Clipboard API.
document.querySelectorAll('[data-copy]').forEach(function (button) {
  var label = button.textContent;
  button.addEventListener('click', function () {
    var text = document.getElementById(button.dataset.copy).value;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = button.dataset.copied || 'Copied';
      setTimeout(function () { button.textContent = label; }, 2000);
    }, function () {
      button.textContent = button.dataset.failed || 'Copy failed: select the text and copy it yourself';
    });
  });
});
