/* The article page's comment form, enhanced: it posts through the API (/api/v1/) with the
   form's token, shows the answer without reloading, replies beside the comment replied to,
   and reports in place. Without this script the same form posts to the site and everything
   still works. No framework, no build step. */
(function () {
    "use strict";
    var form = document.getElementById("comment-form");
    if (!form || !window.fetch || !window.JSON) { return; }
    var home = document.getElementById("comment-form-home");
    var formError = document.getElementById("comment-form-error");
    var parentInput = form.querySelector("[data-parent]");
    var tokenInput = form.querySelector("[data-form-token]");
    var replying = form.querySelector("[data-replying-to]");
    var replyingName = form.querySelector("[data-replying-name]");
    var submit = form.querySelector("button[type=submit]");
    var FIELDS = ["name", "email", "website", "body", "consent"];
    var tokenFresh = false;

    function fieldError(name) { return document.getElementById("comment-" + name + "-error"); }
    function input(name) { return document.getElementById("comment-" + name); }

    function clearErrors() {
        FIELDS.forEach(function (name) {
            var error = fieldError(name);
            var control = input(name);
            if (error) { error.hidden = true; error.textContent = ""; }
            if (control) {
                control.removeAttribute("aria-invalid");
                control.closest(".field").classList.remove("field-invalid");
            }
        });
        formError.hidden = true;
        formError.textContent = "";
    }

    function showFormError(message) {
        var p = document.createElement("p");
        p.textContent = message;
        formError.appendChild(p);
        formError.hidden = false;
    }

    /* "Please correct the 2 problems below." in the page's language: the page gives it for
       each number of fields in error (data-msg-problems), in that language's plural forms. */
    function problemsSummary(count) {
        var summaries = {};
        try { summaries = JSON.parse(form.dataset.msgProblems || "{}"); } catch (ignore) { }
        return summaries[count] || ("Please correct the " + count + " problem" + (count > 1 ? "s" : "") + " below.");
    }

    /* Errors beside their fields, each named by its input's aria-describedby (the ids are in
       the page already), then focus on the first, as the page does without the script. */
    function showErrors(errors) {
        var first = null;
        var shown = 0;
        FIELDS.forEach(function (name) {
            if (!errors[name]) { return; }
            var error = fieldError(name);
            var control = input(name);
            error.textContent = [].concat(errors[name]).join(" ");
            error.hidden = false;
            control.setAttribute("aria-invalid", "true");
            control.closest(".field").classList.add("field-invalid");
            shown += 1;
            if (!first) { first = control; }
        });
        var other = Object.keys(errors).filter(function (key) { return FIELDS.indexOf(key) < 0; });
        other.forEach(function (key) { showFormError([].concat(errors[key]).join(" ")); });
        if (shown) { showFormError(problemsSummary(shown)); }
        if (!shown && !other.length) {  // an answer we cannot read, e.g. a proxy's error page
            showFormError(form.dataset.msgFailed || "Your comment could not be sent. Please try again in a moment.");
        }
        (first || formError).focus();
    }

    function refreshToken() {
        return fetch(form.dataset.tokenUrl, { credentials: "omit" })
            .then(function (response) { return response.json(); })
            .then(function (data) { tokenInput.value = data.form_token; tokenFresh = true; });
    }

    function payload() {
        return {
            name: input("name").value,
            email: input("email").value,
            website: input("website").value,
            body: input("body").value,
            consent: input("consent").checked,
            notify_on_reply: document.getElementById("comment-notify").checked,
            parent: parentInput.value ? parseInt(parentInput.value, 10) : null,
            form_token: tokenInput.value,
            homepage: document.getElementById("comment-homepage").value
        };
    }

    /* The answer is shown where the reader was writing: above the form, or under the
       comment they replied to. */
    function announce(message) {
        var old = document.getElementById("comment-status");
        if (old) { old.remove(); }
        var status = document.createElement("p");
        status.id = "comment-status";
        status.className = "status-message";
        status.setAttribute("role", "status");
        status.tabIndex = -1;
        var anchor = form.parentNode === home ? home : form;
        anchor.parentNode.insertBefore(status, anchor);
        status.textContent = message;
        status.focus();
    }

    function send(retried) {
        return fetch(form.dataset.apiUrl, {
            method: "POST",
            credentials: "omit",
            headers: { "Content-Type": "application/json", "Accept": "application/json" },
            body: JSON.stringify(payload())
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (data) {
                var tokenProblem = data && data.form_token;
                if (response.status === 201) {
                    announce(data.message);
                    cancelReply();
                    input("body").value = "";
                    return;
                }
                if (!retried && tokenProblem && response.status === 403) {
                    return refreshToken().then(function () { return send(true); });
                }
                if (!retried && tokenProblem && response.status === 429) {
                    var wait = parseInt(response.headers.get("Retry-After") || "3", 10);
                    return new Promise(function (resolve) { setTimeout(resolve, wait * 1000); })
                        .then(function () { return send(true); });
                }
                if (response.status === 400 || response.status === 409) {
                    showErrors(data || {});
                } else if (response.status === 404 && parentInput.value) {
                    // The comment replied to is no longer shown: offer the text as a comment.
                    cancelReply();
                    showFormError(form.dataset.msgGone || "The comment you replied to is no longer shown. Send again to post yours as a new comment.");
                    formError.focus();
                } else if (data && data.detail) {
                    showFormError(data.detail);
                    formError.focus();
                } else {
                    showFormError(form.dataset.msgFailed || "Your comment could not be sent. Please try again in a moment.");
                    formError.focus();
                }
            });
        });
    }

    form.addEventListener("focusin", function () {
        // A page served from a cache may carry an old token: take a fresh one while the
        // reader writes (posting sooner than a person types is refused).
        if (!tokenFresh) { tokenFresh = true; refreshToken().catch(function () { tokenFresh = false; }); }
    });

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearErrors();
        submit.disabled = true;
        send(false).catch(function () {
            showFormError(form.dataset.msgOffline || "Your comment could not be sent. Check your connection and try again.");
            formError.focus();
        }).then(function () { submit.disabled = false; });
    });

    function startReply(link) {
        var item = document.getElementById("comment-" + link.dataset.replyTo);
        var card = item && item.querySelector(".comment-card");
        if (!card) { return false; }
        card.parentNode.insertBefore(form, card.nextSibling);
        parentInput.value = link.dataset.replyTo;
        replyingName.textContent = link.dataset.replyName;
        replying.hidden = false;
        input("body").focus();
        return true;
    }

    function cancelReply() {
        parentInput.value = "";
        replying.hidden = true;
        if (form.parentNode !== home) { home.appendChild(form); }
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest("[data-reply-to]");
        if (link && startReply(link)) { event.preventDefault(); return; }
        if (event.target.closest("[data-cancel-reply]")) {
            event.preventDefault();
            cancelReply();
            input("body").focus();
        }
    });

    document.addEventListener("submit", function (event) {
        var report = event.target.closest(".report-form");
        if (!report) { return; }
        event.preventDefault();
        fetch(report.dataset.reportUrl, {
            method: "POST", credentials: "omit", headers: { "Accept": "application/json" }
        }).then(function (response) {
            var thanks = document.createElement("p");
            thanks.className = "reported";
            thanks.setAttribute("role", "status");
            if (response.status === 202 || response.status === 429) {
                thanks.textContent = report.dataset.thanks || "Thank you. Our team will look at this comment.";
            } else if (response.status === 404) {
                thanks.textContent = report.dataset.already || "This comment is already being looked at.";
            } else {
                throw new Error("report");
            }
            report.replaceWith(thanks);
        }).catch(function () { report.submit(); });  // the form still works without us
    });
}());
