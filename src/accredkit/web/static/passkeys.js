// Passkeys on the cabinet's pages (docs/web.md, "Passkeys"): the one script the pages load.
// A form marked data-passkey-create or data-passkey-get carries the server's options in
// data-options; the button asks the browser's authenticator, puts its answer (JSON) in
// the form's response_json field and posts the form. Without this script the button
// stays disabled and every other way of signing in still works.
"use strict";

(function () {
  function toBytes(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function toText(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  async function create(json) {
    const options = JSON.parse(json);
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    const made = await navigator.credentials.create({ publicKey: options });
    const response = made.response;
    return JSON.stringify({
      id: made.id,
      rawId: toText(made.rawId),
      type: made.type,
      response: {
        clientDataJSON: toText(response.clientDataJSON),
        attestationObject: toText(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      },
      clientExtensionResults: made.getClientExtensionResults(),
      authenticatorAttachment: made.authenticatorAttachment || undefined,
    });
  }

  async function get(json) {
    const options = JSON.parse(json);
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    const used = await navigator.credentials.get({ publicKey: options });
    const response = used.response;
    return JSON.stringify({
      id: used.id,
      rawId: toText(used.rawId),
      type: used.type,
      response: {
        clientDataJSON: toText(response.clientDataJSON),
        authenticatorData: toText(response.authenticatorData),
        signature: toText(response.signature),
        userHandle: response.userHandle ? toText(response.userHandle) : null,
      },
      clientExtensionResults: used.getClientExtensionResults(),
    });
  }

  function wire(form, ceremony) {
    const button = form.querySelector("button[data-passkey]");
    const status = form.querySelector("[data-passkey-status]");
    const answer = form.querySelector('input[name="response_json"]');
    if (!button || !status || !answer) {
      return;
    }
    if (!window.PublicKeyCredential || !navigator.credentials) {
      status.textContent = form.dataset.unsupported || "";
      return;
    }
    button.disabled = false;
    form.addEventListener("submit", async function (event) {
      if (answer.value) {
        return; // the authenticator has answered: the form goes to the cabinet
      }
      event.preventDefault();
      button.disabled = true;
      status.textContent = form.dataset.waiting || "";
      try {
        answer.value = await ceremony(form.dataset.options);
        form.submit();
      } catch (error) {
        status.textContent = form.dataset.failed || String(error);
        button.disabled = false;
      }
    });
  }

  document.querySelectorAll("form[data-passkey-create]").forEach(function (form) {
    wire(form, create);
  });
  document.querySelectorAll("form[data-passkey-get]").forEach(function (form) {
    wire(form, get);
  });
})();
