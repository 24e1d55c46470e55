// An action (Publish, Save draft, Submit for review) pressed while Wagtail's autosave is saving
// waits for the autosave to answer. On a new page the autosave is the request that creates it
// and moves the form to the page's edit address: sent at once, the action would create the
// page a second time.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    const autosave = window.wagtail?.app?.getControllerForElementAndIdentifier(form, "w-autosave");
    if (!autosave?.submitPromise || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    const { submitter } = event;
    autosave.submitPromise.finally(() => {
      // The autosave's answer may have redrawn the buttons (and Wagtail disables a pressed one),
      // so the action travels as a field of its own rather than as the pressed button.
      if (submitter?.name) {
        const action = document.createElement("input");
        action.type = "hidden";
        action.name = submitter.name;
        action.value = submitter.value;
        form.append(action);
      }
      form.requestSubmit();
    });
  },
  true,
);
