// Starts NHS.UK frontend's components (header menu, skip link, details and so on). A file
// rather than an inline module script, which the content security policy refuses. The import
// is relative so it finds nhsuk-frontend.min.js beside this file in static/dist/.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();
