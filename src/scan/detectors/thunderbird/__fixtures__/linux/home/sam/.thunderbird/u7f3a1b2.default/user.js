// user.js -- rolled out by the desktop team; Thunderbird copies these into prefs.js at start.
// Old relay, switched off in 2023:
// user_pref("mail.smtpserver.smtp1.hostname", "relay.contoso.local");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.office365.com");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.authMethod", 3);
user_pref("mail.smtpserver.smtp1.username", "sam@contoso.com");
user_pref("mail.identity.id1.useremail", "sam@contoso.com");
user_pref("mail.smtp.defaultserver", "smtp1");
