// Starts the Wagtail admin widgets that Wagtail would start with inline <script> elements, which
// the site's Content-Security-Policy blocks (see cms/admin_csp.py). An element with
// data-admin-init="<initialiser>" gets that initialiser called once, with the JSON options in
// its data-admin-init-config: on page load, and whenever the admin inserts HTML later (a new
// InlinePanel form, the content of a chooser modal).
(function () {
  "use strict";

  // Wagtail's own start-up functions, and nothing else: markup cannot name any other function.
  const chooser = (name) => (element, config) => new window[name](element.id, config);
  const initialisers = {
    initDateChooser: (element, config) => window.initDateChooser(element.id, config),
    initTimeChooser: (element, config) => window.initTimeChooser(element.id, config),
    initDateTimeChooser: (element, config) => window.initDateTimeChooser(element.id, config),
    InlinePanel: (element, config) => new window.InlinePanel(config),
    Chooser: chooser("Chooser"),
    PageChooser: chooser("PageChooser"),
    SnippetChooser: chooser("SnippetChooser"),
    ImageChooser: chooser("ImageChooser"),
    DocumentChooser: chooser("DocumentChooser"),
    createTaskChooser: (element) => window.createTaskChooser(element.id),
  };
  const started = new WeakSet();

  function start(element) {
    if (started.has(element)) {
      return;
    }
    started.add(element);
    const name = element.dataset.adminInit;
    const initialiser = initialisers[name];
    if (!initialiser) {
      console.error(`admin-widgets: no initialiser called "${name}"`, element);
      return;
    }
    try {
      initialiser(element, JSON.parse(element.dataset.adminInitConfig || "{}"));
    } catch (error) {
      console.error(`admin-widgets: ${name} failed`, element, error);
    }
  }

  function startWithin(root) {
    if (root.matches("[data-admin-init]")) {
      start(root);
    }
    root.querySelectorAll("[data-admin-init]").forEach(start);
  }

  // Loaded with defer: the page is parsed and the widgets' own scripts have run, and Wagtail's
  // Stimulus controllers have not started yet — the order the inline scripts ran in.
  startWithin(document.documentElement);
  new MutationObserver((mutations) => {
    mutations.forEach((mutation) => {
      mutation.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE) {
          startWithin(node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
