/* Passkey buttons of two-factor sign-in (django-otp-webauthn's scripts): their messages in Chinese, and,
   after a passkey is registered, the next page (the recovery codes on a first enrolment). Loaded as a file
   before the plugin's module script: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var zh = {
    "Verify with Passkey": "使用通行密钥验证",
    "Verifying...": "正在验证……",
    "Finishing verification...": "正在完成验证……",
    "Verification successful!": "验证成功。",
    "Verification aborted.": "验证已中止。",
    "Verification canceled or not allowed.": "验证已取消或未获允许。",
    "Verification failed. Could not retrieve parameters from the server.": "验证失败：无法从服务器获取参数。",
    "Verification failed. An unknown error occurred.": "验证失败：发生未知错误。",
    "Verification failed. A server error occurred.": "验证失败：服务器出错。",
    "Verification failed. An unknown server error occurred.": "验证失败：服务器发生未知错误。",
    "An error occurred during verification.": "验证时出错。",
    "Register a Passkey": "注册通行密钥",
    "Registering...": "正在注册……",
    "Finishing registration...": "正在完成注册……",
    "Registration successful!": "注册成功。",
    "Registration aborted.": "注册已中止。",
    "Registration aborted or not allowed.": "注册已中止或未获允许。",
    "Registration failed. Unable to fetch registration options from server.": "注册失败：无法从服务器获取注册参数。",
    "Registration failed. You most likely already have a Passkey registered for this site.": "注册失败：您可能已为本网站注册过这个通行密钥。",
    "Registration failed. The server was unable to verify this passkey.": "注册失败：服务器无法验证该通行密钥。",
    "Registration failed. A technical problem occurred that prevents you from registering a Passkey for this site.": "注册失败：出现技术问题，无法为本网站注册通行密钥。",
    "Registration failed. An unknown error occurred.": "注册失败：发生未知错误。",
    "Registration failed. A server error occurred.": "注册失败：服务器出错。",
    "An error occurred during registration.": "注册时出错。"
  };
  window.gettext = function (text) { return zh[text] || text; };
  document.addEventListener("otp_webauthn.register_complete", function (event) {
    var button = document.getElementById("passkey-register-button");
    var next = button && button.getAttribute("data-after");
    if (next) { window.location.href = next; }
  });
})();
