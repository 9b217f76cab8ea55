/* EMC monitoring code (simulated). A real portal embeds its operator's monitoring script; this one
   only records which site it belongs to, from its own data-emc-site attribute. It sends nothing,
   loads nothing and changes nothing on the page. */
(function () {
  "use strict";
  var tag = document.currentScript;
  var site = tag && tag.getAttribute("data-emc-site");
  window.emcMonitoring = { site: site || "", loaded: true };
})();
