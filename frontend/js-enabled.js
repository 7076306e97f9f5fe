// Marks the page as having JavaScript, for NHS.UK frontend's styles. A blocking file, not an
// inline script (the content security policy refuses those), loaded first in <body> so the
// classes are set before anything is drawn.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
